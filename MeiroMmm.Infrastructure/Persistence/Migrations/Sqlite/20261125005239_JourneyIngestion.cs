using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "JourneyDate",
                table: "conversion_paths",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateTable(
                name: "attribution_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SettingsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: false),
                    Journeys = table.Column<int>(type: "INTEGER", nullable: false),
                    Conversions = table.Column<double>(type: "REAL", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attribution_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "path_aggregates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PathHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChannelPath = table.Column<string>(type: "TEXT", nullable: false),
                    PathLength = table.Column<int>(type: "INTEGER", nullable: false),
                    Conversions = table.Column<long>(type: "INTEGER", nullable: false),
                    NonConversions = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    TimeToConvertDaysSum = table.Column<double>(type: "REAL", nullable: false),
                    TimeToConvertCount = table.Column<long>(type: "INTEGER", nullable: false)
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
