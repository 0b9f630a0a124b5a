using System.Text;
using TrainingService.Engine.Serialization;

namespace TrainingService.Engine.Tests.Serialization;

public sealed class Fnv1aTests
{
    // The published 64-bit FNV-1a test vectors: every stored model and checkpoint ends with this hash of its payload.
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Hash_KnownInput_GivesTheReferenceValue(string input, ulong expected)
    {
        Assert.Equal(expected, Fnv1a.Hash(Encoding.ASCII.GetBytes(input)));
    }
}
