using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;
using static TrainingService.Api.Tests.Datasets.DatasetRequests;

namespace TrainingService.Api.Tests.Datasets;

public sealed class DatasetUploadErrorTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Upload_EmptyFile_Returns400NamingLine1()
    {
        var problem = await BadRequestAsync("");

        Assert.Equal(1, problem.GetProperty("line").GetInt64());
        Assert.Contains("empty", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("\n1,2\n3,4\n")]
    [InlineData("1,2\n3,4\n")]
    public async Task Upload_NoHeaderRow_Returns400NamingLine1(string csv)
    {
        var problem = await BadRequestAsync(csv);

        Assert.Equal(1, problem.GetProperty("line").GetInt64());
        Assert.Contains("no header", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_HeaderOnly_Returns400NamingLine2()
    {
        var problem = await BadRequestAsync("a,b\n");

        Assert.Equal(2, problem.GetProperty("line").GetInt64());
    }

    [Fact]
    public async Task Upload_DuplicateHeaderName_Returns400NamingSecondColumn()
    {
        var problem = await BadRequestAsync("id,x,id\n1,2,3\n");

        Assert.Equal(1, problem.GetProperty("line").GetInt64());
        Assert.Equal(3, problem.GetProperty("column").GetInt32());
        Assert.Contains("'id'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_EmptyHeaderName_Returns400NamingColumn()
    {
        var problem = await BadRequestAsync("a,,c\n1,2,3\n");

        Assert.Equal(1, problem.GetProperty("line").GetInt64());
        Assert.Equal(2, problem.GetProperty("column").GetInt32());
    }

    [Theory]
    [InlineData("a,b,c\n1,2,3\n4,5\n", 3, 3)]
    [InlineData("a,b\n1,2\n\n3,4\n5,6,7\n", 5, 3)]
    public async Task Upload_WrongFieldCount_Returns400NamingLineAndColumn(string csv, long line, int column)
    {
        var problem = await BadRequestAsync(csv);

        Assert.Equal(line, problem.GetProperty("line").GetInt64());
        Assert.Equal(column, problem.GetProperty("column").GetInt32());
        Assert.Contains($"Line {line}", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_InvalidUtf8_Returns400NamingLineAndColumn()
    {
        byte[] file = [.. "a,b\n1,x\n2,"u8, 0xC3, 0x28, .. "\n"u8];

        var problem = await BadRequestAsync(file);

        Assert.Equal(3, problem.GetProperty("line").GetInt64());
        Assert.Equal(2, problem.GetProperty("column").GetInt32());
        Assert.Equal("b", problem.GetProperty("columnName").GetString());
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_UnterminatedQuotedField_Returns400NamingLineAndColumn()
    {
        var problem = await BadRequestAsync("a,b\n1,2\n3,\"open\n4,5\n");

        Assert.Equal(3, problem.GetProperty("line").GetInt64());
        Assert.Equal(2, problem.GetProperty("column").GetInt32());
        Assert.Contains("not terminated", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_CorruptGzip_Returns400()
    {
        byte[] gzip = Gzip("a\n1\n2\n3\n");
        gzip[3] = 0xE0; // reserved header flag bits: zlib refuses the stream

        await BadRequestAsync(gzip);
    }

    [Theory]
    [InlineData("image/png", "data.csv")]
    [InlineData("application/octet-stream", "data.bin")]
    [InlineData("application/json", "data.csv")]
    public async Task Upload_NonCsvContentType_Returns415(string contentType, string fileName)
    {
        var response = await UploadAsync(factory.CreateClient(), "a\n1\n", fileName, contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("file", (await JsonAsync(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Upload_NotMultipart_Returns415()
    {
        var response = await factory.CreateClient().PostAsync("/api/datasets", new StringContent("a\n1\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Upload_NoFilePart_Returns400NamingFile()
    {
        using var form = new MultipartFormDataContent { { new StringContent("only a name"), "name" } };

        var response = await factory.CreateClient().PostAsync("/api/datasets", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task Upload_NameTooLong_Returns400NamingName()
    {
        var response = await UploadAsync(factory.CreateClient(), "a\n1\n", name: new string('n', 257));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Upload_FailsAfterManyRows_StoresNothing()
    {
        // The error is past the first chunk (65,536 rows), so chunks were already copied when it was found.
        var csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 70_000; i++)
            csv.Append(i).Append(",x\n");
        csv.Append("1,2,3\n");
        var before = await CountRowsAsync(factory.Services);

        var problem = await BadRequestAsync(csv.ToString());

        Assert.Equal(70_002, problem.GetProperty("line").GetInt64());
        Assert.Equal(before, await CountRowsAsync(factory.Services));
    }

    private Task<JsonElement> BadRequestAsync(string csv) => BadRequestAsync(Encoding.UTF8.GetBytes(csv));

    private async Task<JsonElement> BadRequestAsync(byte[] file)
    {
        var response = await UploadAsync(factory.CreateClient(), file);
        var problem = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {problem}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("file", problem.GetProperty("field").GetString());
        return problem;
    }
}
