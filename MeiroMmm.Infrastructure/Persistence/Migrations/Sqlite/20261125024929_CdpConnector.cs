using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CdpConnector : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cdp_connections",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Endpoint = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    PageSize = table.Column<int>(type: "INTEGER", nullable: false),
                    ApiKeyProtected = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    WebhookSecretProtected = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    FieldMappingJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    TouchpointEventTypes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ConversionEventTypes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SyncSince = table.Column<long>(type: "INTEGER", nullable: true),
                    Cursor = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    MaxSeen = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cdp_connections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cdp_sync_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConnectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Pages = table.Column<int>(type: "INTEGER", nullable: false),
                    Records = table.Column<int>(type: "INTEGER", nullable: false),
                    Accepted = table.Column<int>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    Duplicates = table.Column<int>(type: "INTEGER", nullable: false),
                    WatermarkBefore = table.Column<string>(type: "TEXT", maxLength: 2200, nullable: true),
                    WatermarkAfter = table.Column<string>(type: "TEXT", maxLength: 2200, nullable: true),
                    RejectSample = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cdp_sync_runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cdp_sync_runs_cdp_connections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "cdp_connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cdp_connections_Name",
                table: "cdp_connections",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cdp_sync_runs_ConnectionId_StartedAt",
                table: "cdp_sync_runs",
                columns: new[] { "ConnectionId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cdp_sync_runs");

            migrationBuilder.DropTable(
                name: "cdp_connections");
        }
    }
}
