using System.Net;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;
using static TrainingService.Api.Tests.Datasets.DatasetRequests;

namespace TrainingService.Api.Tests.Datasets;

public sealed class DatasetUploadTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    // age: 20, 30, missing, 50 → n = 3, mean 100/3, population variance ((-40/3)² + (-10/3)² + (50/3)²) / 3 = 4200/27.
    // city: categorical in first-seen order; score: missing spelled NA, NaN, null and empty.
    private const string MixedCsv = """
        age,city,score,flag
        20,Paris,1.5,yes
        30,Berlin,NA,no
        ,Paris,NaN,yes
        50,"Rome, Italy",null,
        """;

    [Fact]
    public async Task Upload_MixedCsv_Returns201WithLocationTypesAndStatistics()
    {
        var response = await UploadAsync(factory.CreateClient(), MixedCsv, "people.csv");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await JsonAsync(response);
        string id = dataset.GetProperty("id").GetString()!;
        Assert.Equal($"/api/datasets/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("people.csv", dataset.GetProperty("name").GetString());
        Assert.Equal(4, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(4, dataset.GetProperty("columnCount").GetInt32());
        // age, city and flag hold small whole numbers (or category indices) and missing values: a byte each; score float32.
        Assert.Equal((1 + 1 + 4 + 1) * 4, dataset.GetProperty("sizeBytes").GetInt64());

        var age = Column(dataset, "age");
        Assert.Equal("numeric", age.GetProperty("type").GetString());
        Assert.Equal(1, age.GetProperty("missingCount").GetInt64());
        Assert.Equal(20, age.GetProperty("min").GetDouble());
        Assert.Equal(50, age.GetProperty("max").GetDouble());
        Assert.Equal(100.0 / 3, age.GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(Math.Sqrt(4200.0 / 27), age.GetProperty("std").GetDouble(), 1e-12);
        Assert.Equal(JsonValueKind.Null, age.GetProperty("categories").ValueKind);

        var city = Column(dataset, "city");
        Assert.Equal("categorical", city.GetProperty("type").GetString());
        Assert.Equal(0, city.GetProperty("missingCount").GetInt64());
        Assert.Equal(3, city.GetProperty("distinctCount").GetInt32());
        Assert.Equal(["Paris", "Berlin", "Rome, Italy"], city.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, city.GetProperty("mean").ValueKind);

        var score = Column(dataset, "score");
        Assert.Equal("numeric", score.GetProperty("type").GetString());
        Assert.Equal(3, score.GetProperty("missingCount").GetInt64());
        Assert.Equal(1.5, score.GetProperty("mean").GetDouble());
        Assert.Equal(0, score.GetProperty("std").GetDouble());

        var flag = Column(dataset, "flag");
        Assert.Equal("categorical", flag.GetProperty("type").GetString());
        Assert.Equal(1, flag.GetProperty("missingCount").GetInt64());
        Assert.Equal(["yes", "no"], flag.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Upload_GzipCompressed_DetectsMagicBytesAndImports()
    {
        var response = await UploadAsync(factory.CreateClient(), Gzip(MixedCsv), "people.csv.gz", "application/gzip", name: "zipped");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await JsonAsync(response);
        Assert.Equal("zipped", dataset.GetProperty("name").GetString());
        Assert.Equal(4, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(100.0 / 3, Column(dataset, "age").GetProperty("mean").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task Upload_GzipSentAsOctetStreamWithCsvName_StillDetectedByMagicBytes()
    {
        var response = await UploadAsync(factory.CreateClient(), Gzip("x,y\n1,a\n"), "data.csv", "application/octet-stream");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, (await JsonAsync(response)).GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task Upload_NumbersThenText_ColumnBecomesCategoricalKeepingOriginalText()
    {
        // "code" looks numeric for two rows: its categories must be the original text, in first-seen order.
        var dataset = await UploadOkAsync(factory.CreateClient(), "code,v\n1.0,1\n007,2\nA12,3\n1.0,4\n,5\n");

        var code = Column(dataset, "code");
        Assert.Equal("categorical", code.GetProperty("type").GetString());
        Assert.Equal(["1.0", "007", "A12"], code.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, code.GetProperty("missingCount").GetInt64());
        Assert.Equal("numeric", Column(dataset, "v").GetProperty("type").GetString());

        var rows = await JsonAsync(await factory.CreateClient().GetAsync($"/api/datasets/{dataset.GetProperty("id").GetString()}/rows"));
        Assert.Equal(
            ["1.0", "007", "A12", "1.0", null],
            rows.GetProperty("rows").EnumerateArray().Select(r => r[0].ValueKind == JsonValueKind.Null ? null : r[0].GetString()));
    }

    [Fact]
    public async Task Upload_QuotedFieldsCrlfAndBom_ParsedPerRfc4180()
    {
        string csv = "\uFEFF\"na\"\"me\",\"note\"\r\n\"a \"\"b\"\"\",\"line1\nline2\"\r\nc,\"x,y\"\r\n";

        var dataset = await UploadOkAsync(factory.CreateClient(), csv);

        Assert.Equal(2, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(["na\"me", "note"], dataset.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["a \"b\"", "c"], Column(dataset, "na\"me").GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["line1\nline2", "x,y"], Column(dataset, "note").GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Upload_NameFieldBeforeFile_UsesGivenName()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("first"), "name");
        form.Add(new StringContent("a,b\n1,2\n", System.Text.Encoding.UTF8, "text/csv"), "file", "x.csv");

        var response = await factory.CreateClient().PostAsync("/api/datasets", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("first", (await JsonAsync(response)).GetProperty("name").GetString());
    }
}
