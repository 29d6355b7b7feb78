using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class JourneyIngestion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChannelPath",
                table: "conversion_paths",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "JourneyDate",
                table: "conversion_paths",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateTable(
                name: "attribution_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Model = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    SettingsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ResultJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Journeys = table.Column<int>(type: "int", nullable: false),
                    Conversions = table.Column<double>(type: "float", nullable: false),
                    Value = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attribution_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "path_aggregates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    PathHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ChannelPath = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PathLength = table.Column<int>(type: "int", nullable: false),
                    Conversions = table.Column<long>(type: "bigint", nullable: false),
                    NonConversions = table.Column<long>(type: "bigint", nullable: false),
                    Value = table.Column<double>(type: "float", nullable: false),
                    TimeToConvertDaysSum = table.Column<double>(type: "float", nullable: false),
                    TimeToConvertCount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_path_aggregates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_conversion_paths_JourneyDate",
                table: "conversion_paths",
                column: "JourneyDate");

            migrationBuilder.CreateIndex(
                name: "IX_attribution_runs_Model_CreatedAt",
                table: "attribution_runs",
                columns: new[] { "Model", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_path_aggregates_Date_PathHash",
                table: "path_aggregates",
                columns: new[] { "Date", "PathHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_path_aggregates_PathHash",
                table: "path_aggregates",
                column: "PathHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attribution_runs");

            migrationBuilder.DropTable(
                name: "path_aggregates");

            migrationBuilder.DropIndex(
                name: "IX_conversion_paths_JourneyDate",
                table: "conversion_paths");

            migrationBuilder.DropColumn(
                name: "ChannelPath",
                table: "conversion_paths");

            migrationBuilder.DropColumn(
                name: "JourneyDate",
                table: "conversion_paths");
        }
    }
}
