using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ModelConfigsTaxonomyVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "model_configs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ConversionKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ActiveConversionKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ConfigJson = table.Column<string>(type: "TEXT", nullable: false),
                    ParentId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ArchivedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_configs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "taxonomy_versions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    TaxonomyJson = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RestoredFrom = table.Column<int>(type: "INTEGER", nullable: true),
                    RuleCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_taxonomy_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "model_config_audit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConfigId = table.Column<int>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DiffJson = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_config_audit", x => x.Id);
                    table.ForeignKey(
                        name: "FK_model_config_audit_model_configs_ConfigId",
                        column: x => x.ConfigId,
                        principalTable: "model_configs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_model_config_audit_ConfigId_At",
                table: "model_config_audit",
                columns: new[] { "ConfigId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_model_configs_ActiveConversionKey",
                table: "model_configs",
                column: "ActiveConversionKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_configs_ConversionKey",
                table: "model_configs",
                column: "ConversionKey");

            migrationBuilder.CreateIndex(
                name: "IX_taxonomy_versions_Version",
                table: "taxonomy_versions",
                column: "Version",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "model_config_audit");

            migrationBuilder.DropTable(
                name: "taxonomy_versions");

            migrationBuilder.DropTable(
                name: "model_configs");
        }
    }
}
