using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LeaseUntil",
                table: "cdp_sync_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExpensesEndpoint",
                table: "cdp_connections",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "cdp_rejected_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: true),
                    RecordJson = table.Column<string>(type: "text", nullable: false),
                    RecordHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Field = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RejectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReprocessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    BodyHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: true),
                    AppliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Channel = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Campaign = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Spend = table.Column<double>(type: "double precision", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_expenses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "journey_dataset_lineage",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Frequency = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: false),
                    ConversionKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ChannelMappingJson = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    ModelConfigId = table.Column<int>(type: "integer", nullable: true),
                    Journeys = table.Column<int>(type: "integer", nullable: false),
                    ExpenseRows = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
