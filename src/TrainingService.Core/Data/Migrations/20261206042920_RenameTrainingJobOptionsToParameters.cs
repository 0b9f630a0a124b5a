using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class RenameTrainingJobOptionsToParameters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "options",
                table: "training_jobs",
                newName: "parameters");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "parameters",
                table: "training_jobs",
                newName: "options");
        }
    }
}
