using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrainingService.Core.Data.Migrations
{
    /// <summary>
    /// Adds each chunk's value format (<see cref="Datasets.ChunkValueFormat"/>: bytes per value, 1 = uint8, 2 = uint16,
    /// 4 = float32). Chunks already stored keep 4, which is what they are; a constant default adds the column without
    /// rewriting the table. Down loses the format of narrow chunks written since, which would then be misread.
    /// </summary>
    public partial class DatasetChunkValueBytes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<short>(
                name: "value_bytes",
                table: "dataset_chunks",
                type: "smallint",
                nullable: false,
                defaultValue: (short)4);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "value_bytes",
                table: "dataset_chunks");
        }
    }
}
