using System;
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
            migrationBuilder.AddColumn<Guid>(
                name: "init_from_job_id",
                table: "training_jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "start_epoch",
                table: "training_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_training_jobs_init_from_job_id",
                table: "training_jobs",
                column: "init_from_job_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_training_jobs_init_from_job_id",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "init_from_job_id",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "start_epoch",
                table: "training_jobs");
        }
    }
}
