using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CdpQueueExpenses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CancelRequested",
                table: "cdp_sync_runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "LeaseUntil",
                table: "cdp_sync_runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExpensesEndpoint",
                table: "cdp_connections",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "cdp_rejected_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConnectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    RunId = table.Column<long>(type: "INTEGER", nullable: true),
                    RecordJson = table.Column<string>(type: "TEXT", nullable: false),
                    RecordHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RejectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReprocessedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cdp_rejected_records", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cdp_rejected_records_cdp_connections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "cdp_connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cdp_webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConnectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    BodyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RunId = table.Column<long>(type: "INTEGER", nullable: true),
                    AppliedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cdp_webhook_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cdp_webhook_deliveries_cdp_connections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "cdp_connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "expenses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Campaign = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Spend = table.Column<double>(type: "REAL", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_expenses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "journey_dataset_lineage",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Frequency = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ConversionKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ChannelMappingJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    ModelConfigId = table.Column<int>(type: "INTEGER", nullable: true),
                    Journeys = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpenseRows = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journey_dataset_lineage", x => x.DatasetId);
                    table.ForeignKey(
                        name: "FK_journey_dataset_lineage_mmm_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "mmm_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cdp_sync_runs_Status",
                table: "cdp_sync_runs",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_cdp_rejected_records_ConnectionId_RecordHash",
                table: "cdp_rejected_records",
                columns: new[] { "ConnectionId", "RecordHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cdp_rejected_records_ConnectionId_Status",
                table: "cdp_rejected_records",
                columns: new[] { "ConnectionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_cdp_webhook_deliveries_ConnectionId_BodyHash",
                table: "cdp_webhook_deliveries",
                columns: new[] { "ConnectionId", "BodyHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cdp_webhook_deliveries_Status_Id",
                table: "cdp_webhook_deliveries",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_expenses_Date_Channel_Campaign_Currency_Source",
                table: "expenses",
                columns: new[] { "Date", "Channel", "Campaign", "Currency", "Source" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cdp_rejected_records");

            migrationBuilder.DropTable(
                name: "cdp_webhook_deliveries");

            migrationBuilder.DropTable(
                name: "expenses");

            migrationBuilder.DropTable(
                name: "journey_dataset_lineage");

            migrationBuilder.DropIndex(
                name: "IX_cdp_sync_runs_Status",
                table: "cdp_sync_runs");

            migrationBuilder.DropColumn(
                name: "CancelRequested",
                table: "cdp_sync_runs");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "cdp_sync_runs");

            migrationBuilder.DropColumn(
                name: "ExpensesEndpoint",
                table: "cdp_connections");
        }
    }
}
