using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CdpSegmentsExpenseWatermark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpensesSince",
                table: "cdp_connections",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SegmentsEndpoint",
                table: "cdp_connections",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExpensesSince",
                table: "cdp_connections");

            migrationBuilder.DropColumn(
                name: "SegmentsEndpoint",
                table: "cdp_connections");
        }
    }
}
