using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BudgetScenarios : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "budget_scenarios",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kpi = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HorizonPeriods = table.Column<int>(type: "integer", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodDays = table.Column<int>(type: "integer", nullable: false),
                    TotalBudget = table.Column<double>(type: "double precision", nullable: false),
                    AssumptionsJson = table.Column<string>(type: "text", nullable: false),
                    PlanJson = table.Column<string>(type: "text", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AdoptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AdoptedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_scenarios", x => x.Id);
                    table.ForeignKey(
                        name: "FK_budget_scenarios_mmm_model_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "mmm_model_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_budget_scenarios_DatasetId_Kpi_AdoptedAt",
                table: "budget_scenarios",
                columns: new[] { "DatasetId", "Kpi", "AdoptedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_budget_scenarios_RunId",
                table: "budget_scenarios",
                column: "RunId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budget_scenarios");
        }
    }
}
