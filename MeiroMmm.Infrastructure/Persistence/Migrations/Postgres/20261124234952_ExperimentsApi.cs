using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ExperimentsApi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ConversionId",
                table: "experiment_outcomes",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DedupKey",
                table: "experiment_outcomes",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "MessageId",
                table: "experiment_exposures",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // Rows from before this migration get unique placeholder keys, so the unique indexes below can be built;
            // "Stopped" is no longer a status (draft → running → completed → archived).
            migrationBuilder.Sql("UPDATE experiment_exposures SET \"MessageId\" = 'legacy-' || \"Id\";");
            migrationBuilder.Sql("UPDATE experiment_outcomes SET \"DedupKey\" = 'legacy-' || \"Id\";");
            migrationBuilder.Sql("UPDATE experiments SET \"Status\" = 'Archived' WHERE \"Status\" = 'Stopped';");

            migrationBuilder.CreateTable(
                name: "experiment_results",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ExperimentId = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ResultsJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiment_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_experiment_results_experiments_ExperimentId",
                        column: x => x.ExperimentId,
                        principalTable: "experiments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_experiment_outcomes_ExperimentId_DedupKey",
                table: "experiment_outcomes",
                columns: new[] { "ExperimentId", "DedupKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_experiment_exposures_ExperimentId_MessageId",
                table: "experiment_exposures",
                columns: new[] { "ExperimentId", "MessageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_experiment_results_ExperimentId_Day",
                table: "experiment_results",
                columns: new[] { "ExperimentId", "Day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "experiment_results");

            migrationBuilder.DropIndex(
                name: "IX_experiment_outcomes_ExperimentId_DedupKey",
                table: "experiment_outcomes");

            migrationBuilder.DropIndex(
                name: "IX_experiment_exposures_ExperimentId_MessageId",
                table: "experiment_exposures");

            migrationBuilder.DropColumn(
                name: "ConversionId",
                table: "experiment_outcomes");

            migrationBuilder.DropColumn(
                name: "DedupKey",
                table: "experiment_outcomes");

            migrationBuilder.DropColumn(
                name: "MessageId",
                table: "experiment_exposures");
        }
    }
}
