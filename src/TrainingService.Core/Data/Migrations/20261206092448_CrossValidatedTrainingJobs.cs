using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CrossValidatedTrainingJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "cross_validated_job_id",
                table: "tuning_jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tuning_jobs_cross_validated_job_id",
                table: "tuning_jobs",
                column: "cross_validated_job_id",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_tuning_jobs_training_jobs_cross_validated_job_id",
                table: "tuning_jobs",
                column: "cross_validated_job_id",
                principalTable: "training_jobs",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_tuning_jobs_training_jobs_cross_validated_job_id",
                table: "tuning_jobs");

            migrationBuilder.DropIndex(
                name: "ix_tuning_jobs_cross_validated_job_id",
                table: "tuning_jobs");

            migrationBuilder.DropColumn(
                name: "cross_validated_job_id",
                table: "tuning_jobs");
        }
    }
}
