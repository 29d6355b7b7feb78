using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConversionPathsDropUnusedIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_conversion_paths_PathHash",
                table: "conversion_paths");

            migrationBuilder.DropIndex(
                name: "IX_conversion_paths_ProfileId",
                table: "conversion_paths");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_conversion_paths_PathHash",
                table: "conversion_paths",
                column: "PathHash");

            migrationBuilder.CreateIndex(
                name: "IX_conversion_paths_ProfileId",
                table: "conversion_paths",
                column: "ProfileId");
        }
    }
}
