using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ContinueTraining : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "start_epoch",
                table: "training_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "start_epoch",
                table: "training_jobs");
        }
    }
}
