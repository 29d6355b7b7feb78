using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    BaseUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Endpoint = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    PageSize = table.Column<int>(type: "integer", nullable: false),
                    ApiKeyProtected = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    WebhookSecretProtected = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FieldMappingJson = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    TouchpointEventTypes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ConversionEventTypes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Cron = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SyncSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Cursor = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    MaxSeen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cdp_connections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cdp_sync_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    Mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Pages = table.Column<int>(type: "integer", nullable: false),
                    Records = table.Column<int>(type: "integer", nullable: false),
                    Accepted = table.Column<int>(type: "integer", nullable: false),
                    Rejected = table.Column<int>(type: "integer", nullable: false),
                    Duplicates = table.Column<int>(type: "integer", nullable: false),
                    WatermarkBefore = table.Column<string>(type: "character varying(2200)", maxLength: 2200, nullable: true),
                    WatermarkAfter = table.Column<string>(type: "character varying(2200)", maxLength: 2200, nullable: true),
                    RejectSample = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
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
