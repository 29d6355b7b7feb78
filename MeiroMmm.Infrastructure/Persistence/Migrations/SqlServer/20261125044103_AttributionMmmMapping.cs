using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AttributionMmmMapping : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "channel_spend_mappings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DatasetId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SpendColumn = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_spend_mappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_channel_spend_mappings_mmm_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "mmm_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_channel_spend_mappings_DatasetId_Channel",
                table: "channel_spend_mappings",
                columns: new[] { "DatasetId", "Channel" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_spend_mappings");
        }
    }
}
