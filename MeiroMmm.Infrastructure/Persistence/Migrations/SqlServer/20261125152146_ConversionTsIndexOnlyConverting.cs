using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ConversionTsIndexOnlyConverting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_conversion_paths_ConversionTs",
                table: "conversion_paths");

            migrationBuilder.CreateIndex(
                name: "IX_conversion_paths_ConversionTs",
                table: "conversion_paths",
                column: "ConversionTs",
                filter: "\"ConversionTs\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_conversion_paths_ConversionTs",
                table: "conversion_paths");

            migrationBuilder.CreateIndex(
                name: "IX_conversion_paths_ConversionTs",
                table: "conversion_paths",
                column: "ConversionTs");
        }
    }
}
