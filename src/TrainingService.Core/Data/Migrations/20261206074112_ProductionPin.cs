using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductionPin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "production_training_job_id",
                table: "models",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "production_pin_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    training_job_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    actor_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_production_pin_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_production_pin_changes_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_production_pin_changes_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_models_production_training_job_id",
                table: "models",
                column: "production_training_job_id");

            migrationBuilder.CreateIndex(
                name: "ix_production_pin_changes_model_id_at",
                table: "production_pin_changes",
                columns: new[] { "model_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_production_pin_changes_tenant_id_at",
                table: "production_pin_changes",
                columns: new[] { "tenant_id", "at" });

            migrationBuilder.AddForeignKey(
                name: "fk_models_training_jobs_production_training_job_id",
                table: "models",
                column: "production_training_job_id",
                principalTable: "training_jobs",
                principalColumn: "id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_models_training_jobs_production_training_job_id",
                table: "models");

            migrationBuilder.DropTable(
                name: "production_pin_changes");

            migrationBuilder.DropIndex(
                name: "ix_models_production_training_job_id",
                table: "models");

            migrationBuilder.DropColumn(
                name: "production_training_job_id",
                table: "models");
        }
    }
}
