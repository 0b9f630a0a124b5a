using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AsyncBatchScoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "cancel_requested",
                table: "predictions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "chunked",
                table: "predictions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "dataset_id",
                table: "predictions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "error",
                table: "predictions",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "finished_at",
                table: "predictions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "hangfire_job_id",
                table: "predictions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "rows_scored",
                table: "predictions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "predictions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Succeeded");

            migrationBuilder.CreateTable(
                name: "prediction_result_chunks",
                columns: table => new
                {
                    prediction_id = table.Column<Guid>(type: "uuid", nullable: false),
                    chunk_index = table.Column<int>(type: "integer", nullable: false),
                    first_row = table.Column<int>(type: "integer", nullable: false),
                    row_count = table.Column<int>(type: "integer", nullable: false),
                    rows = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prediction_result_chunks", x => new { x.prediction_id, x.chunk_index });
                    table.ForeignKey(
                        name: "fk_prediction_result_chunks_predictions_prediction_id",
                        column: x => x.prediction_id,
                        principalTable: "predictions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_predictions_tenant_id_status",
                table: "predictions",
                columns: new[] { "tenant_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "prediction_result_chunks");

            migrationBuilder.DropIndex(
                name: "ix_predictions_tenant_id_status",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "cancel_requested",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "chunked",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "dataset_id",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "error",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "finished_at",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "hangfire_job_id",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "rows_scored",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "status",
                table: "predictions");
        }
    }
}
