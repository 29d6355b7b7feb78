using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ModelRunResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResultJson",
                table: "mmm_model_runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SettingsJson",
                table: "mmm_model_runs",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "StartedAt",
                table: "mmm_model_runs",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ResultJson",
                table: "mmm_model_runs");

            migrationBuilder.DropColumn(
                name: "SettingsJson",
                table: "mmm_model_runs");

            migrationBuilder.DropColumn(
                name: "StartedAt",
                table: "mmm_model_runs");
        }
    }
}
