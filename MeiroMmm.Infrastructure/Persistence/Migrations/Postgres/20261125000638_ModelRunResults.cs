using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ModelRunResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Error",
                table: "mmm_model_runs",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultJson",
                table: "mmm_model_runs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SettingsJson",
                table: "mmm_model_runs",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StartedAt",
                table: "mmm_model_runs",
                type: "timestamp with time zone",
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

            migrationBuilder.AlterColumn<string>(
                name: "Error",
                table: "mmm_model_runs",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(2000)",
                oldMaxLength: 2000,
                oldNullable: true);
        }
    }
}
