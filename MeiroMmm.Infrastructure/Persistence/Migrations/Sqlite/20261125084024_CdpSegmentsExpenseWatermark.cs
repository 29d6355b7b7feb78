using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CdpSegmentsExpenseWatermark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ExpensesSince",
                table: "cdp_connections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SegmentsEndpoint",
                table: "cdp_connections",
                type: "TEXT",
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
