using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <summary>
    /// Stores with each checkpoint how long the job had run over all its attempts, so maxRuntimeSeconds counts from the
    /// job's first start across resumes instead of starting over with every attempt. Checkpoints written before this
    /// migration count as zero.
    /// </summary>
    public partial class CheckpointRunTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeSpan>(
                name: "run_time",
                table: "training_checkpoints",
                type: "interval",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "run_time",
                table: "training_checkpoints");
        }
    }
}
