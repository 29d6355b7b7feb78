using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.SqlServer
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
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultJson",
                table: "mmm_model_runs",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SettingsJson",
                table: "mmm_model_runs",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StartedAt",
                table: "mmm_model_runs",
                type: "datetimeoffset",
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
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(2000)",
                oldMaxLength: 2000,
                oldNullable: true);
        }
    }
}
