using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeiroMmm.Infrastructure.Persistence.Migrations.SqlServer
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
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    RunId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kpi = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    HorizonPeriods = table.Column<int>(type: "int", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodDays = table.Column<int>(type: "int", nullable: false),
                    TotalBudget = table.Column<double>(type: "float", nullable: false),
                    AssumptionsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PlanJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    AdoptedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    AdoptedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
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
