using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <summary>
    /// Deleting a dataset no longer deletes the training jobs trained on it (and with them their trained models,
    /// history and predictions): <c>dataset_id</c> becomes nullable and is set to null, and each job records the id,
    /// name and row count of its training and validation datasets, filled here from the datasets of existing jobs. A
    /// validation dataset deleted before this migration was already unlinked and stays unrecorded.
    /// </summary>
    public partial class KeepTrainingJobsWhenDatasetDeleted : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_training_jobs_datasets_dataset_id",
                table: "training_jobs");

            migrationBuilder.AlterColumn<Guid>(
                name: "dataset_id",
                table: "training_jobs",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "recorded_dataset_id",
                table: "training_jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recorded_dataset_name",
                table: "training_jobs",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "recorded_dataset_row_count",
                table: "training_jobs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "recorded_validation_dataset_id",
                table: "training_jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recorded_validation_dataset_name",
                table: "training_jobs",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "recorded_validation_dataset_row_count",
                table: "training_jobs",
                type: "bigint",
                nullable: true);

            // Every existing job still has its training dataset: until now deleting the dataset deleted the job.
            migrationBuilder.Sql("""
                UPDATE training_jobs j
                SET recorded_dataset_id = d.id, recorded_dataset_name = d.name, recorded_dataset_row_count = d.row_count
                FROM datasets d WHERE d.id = j.dataset_id;
                UPDATE training_jobs j
                SET recorded_validation_dataset_id = d.id, recorded_validation_dataset_name = d.name,
                    recorded_validation_dataset_row_count = d.row_count
                FROM datasets d WHERE d.id = j.validation_dataset_id;
                """);

            migrationBuilder.AlterColumn<Guid>(
                name: "recorded_dataset_id",
                table: "training_jobs",
                type: "uuid",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "recorded_dataset_name",
                table: "training_jobs",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(256)",
                oldMaxLength: 256,
                oldNullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "recorded_dataset_row_count",
                table: "training_jobs",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_training_jobs_recorded_dataset_id",
                table: "training_jobs",
                column: "recorded_dataset_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_training_jobs_recorded_validation_dataset",
                table: "training_jobs",
                sql: "(recorded_validation_dataset_id IS NULL) = (recorded_validation_dataset_name IS NULL) AND (recorded_validation_dataset_id IS NULL) = (recorded_validation_dataset_row_count IS NULL)");

            migrationBuilder.AddForeignKey(
                name: "fk_training_jobs_datasets_dataset_id",
                table: "training_jobs",
                column: "dataset_id",
                principalTable: "datasets",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_training_jobs_datasets_dataset_id",
                table: "training_jobs");

            migrationBuilder.DropIndex(
                name: "ix_training_jobs_recorded_dataset_id",
                table: "training_jobs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_training_jobs_recorded_validation_dataset",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "recorded_dataset_id",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "recorded_dataset_name",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "recorded_dataset_row_count",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "recorded_validation_dataset_id",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "recorded_validation_dataset_name",
                table: "training_jobs");

            migrationBuilder.DropColumn(
                name: "recorded_validation_dataset_row_count",
                table: "training_jobs");

            // The old schema cannot hold a job without its dataset: such jobs went with it there.
            migrationBuilder.Sql("DELETE FROM training_jobs WHERE dataset_id IS NULL;");

            migrationBuilder.AlterColumn<Guid>(
                name: "dataset_id",
                table: "training_jobs",
                type: "uuid",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AddForeignKey(
                name: "fk_training_jobs_datasets_dataset_id",
                table: "training_jobs",
                column: "dataset_id",
                principalTable: "datasets",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
