using System.Runtime.InteropServices;
using Google.Protobuf;

namespace TrainingService.Core.Export.Onnx;

/// <summary>
/// Serializes an <see cref="OnnxModel"/> as an ONNX <c>ModelProto</c> with Google.Protobuf's
/// <see cref="CodedOutputStream"/>: the handful of messages the export uses, field numbers from the ONNX spec's
/// <c>onnx.proto</c> (proto2). Nested messages are written to their own buffer first, because a length-delimited
/// field needs its length before its bytes; repeated scalars are written unpacked, as proto2 declares them (parsers
/// accept both). ADR-011 says why not generated classes.
/// </summary>
internal static class OnnxProtoWriter
{
    // AttributeProto.AttributeType
    private const int AttributeFloat = 1, AttributeInt = 2, AttributeTensor = 4, AttributeStrings = 8;

    public static byte[] Write(OnnxModel model)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; this writer copies the machine's own layout.");
        return Message(o => WriteModel(o, model));
    }

    private static void WriteModel(CodedOutputStream o, OnnxModel model)
    {
        Int64(o, 1, model.IrVersion);                       // ModelProto.ir_version
        String(o, 2, model.ProducerName);                   // producer_name
        String(o, 3, model.ProducerVersion);                // producer_version
        String(o, 6, model.DocString);                      // doc_string
        Nested(o, 7, Graph(model.Graph));                   // graph
        foreach (var (domain, version) in model.OperatorSets)
            Nested(o, 8, Message(s =>                       // opset_import: OperatorSetIdProto
            {
                String(s, 1, domain);                       // domain ("" = ai.onnx)
                Int64(s, 2, version);                       // version
            }));
        foreach (var (key, value) in model.Metadata)
            Nested(o, 14, Message(s =>                      // metadata_props: StringStringEntryProto
            {
                String(s, 1, key);
                String(s, 2, value);
            }));
    }

    private static byte[] Graph(OnnxGraph graph) => Message(o =>
    {
        foreach (var node in graph.Nodes)
            Nested(o, 1, Node(node));                       // GraphProto.node
        String(o, 2, graph.Name);                           // name
        foreach (var tensor in graph.Initializers)
            Nested(o, 5, Tensor(tensor));                   // initializer
        foreach (var input in graph.Inputs)
            Nested(o, 11, ValueInfo(input));                // input
        foreach (var output in graph.Outputs)
            Nested(o, 12, ValueInfo(output));               // output
        foreach (var value in graph.ValueInfo)
            Nested(o, 13, ValueInfo(value));                // value_info
    });

    private static byte[] Node(OnnxNode node) => Message(o =>
    {
        foreach (string input in node.Inputs)
            String(o, 1, input);                            // NodeProto.input
        foreach (string output in node.Outputs)
            String(o, 2, output);                           // output
        String(o, 3, node.Name);                            // name
        String(o, 4, node.OpType);                          // op_type
        foreach (var attribute in node.Attributes)
            Nested(o, 5, Attribute(attribute));             // attribute
        if (node.Domain.Length > 0)
            String(o, 7, node.Domain);                      // domain
    });

    private static byte[] Attribute(OnnxAttribute attribute) => Message(o =>
    {
        String(o, 1, attribute.Name);                       // AttributeProto.name
        if (attribute.Float is { } f)
        {
            Int32(o, 20, AttributeFloat);                   // type
            o.WriteTag(2, WireFormat.WireType.Fixed32);     // f
            o.WriteFloat(f);
        }
        else if (attribute.Int is { } i)
        {
            Int32(o, 20, AttributeInt);
            Int64(o, 3, i);                                 // i
        }
        else if (attribute.Tensor is { } t)
        {
            Int32(o, 20, AttributeTensor);
            Nested(o, 5, Tensor(t));                        // t
        }
        else if (attribute.Strings is { } strings)
        {
            Int32(o, 20, AttributeStrings);
            foreach (string s in strings)
                String(o, 9, s);                            // strings (repeated bytes, UTF-8)
        }
        else
        {
            throw new InvalidOperationException($"Attribute '{attribute.Name}' has no value.");
        }
    });

    private static byte[] Tensor(OnnxTensor tensor) => Message(o =>
    {
        foreach (long dim in tensor.Dims)
            Int64(o, 1, dim);                               // TensorProto.dims
        Int32(o, 2, (int)tensor.Type);                      // data_type
        if (tensor.Strings is { } strings)
            foreach (string s in strings)
                String(o, 6, s);                            // string_data (strings may not use raw_data)
        String(o, 8, tensor.Name);                          // name
        // raw_data: fixed-width little-endian values, which is how .NET lays these arrays out on the platforms it runs on.
        if (tensor.Floats is { } floats)
            Bytes(o, 9, MemoryMarshal.AsBytes(floats.AsSpan()));
        else if (tensor.Doubles is { } doubles)
            Bytes(o, 9, MemoryMarshal.AsBytes(doubles.AsSpan()));
        else if (tensor.Int64s is { } longs)
            Bytes(o, 9, MemoryMarshal.AsBytes(longs.AsSpan()));
    });

    private static byte[] ValueInfo(OnnxValueInfo value) => Message(o =>
    {
        String(o, 1, value.Name);                           // ValueInfoProto.name
        Nested(o, 2, Message(type =>                        // type: TypeProto
            Nested(type, 1, Message(tensor =>               // tensor_type: TypeProto.Tensor
            {
                Int32(tensor, 1, (int)value.Type);          // elem_type
                Nested(tensor, 2, Message(shape =>          // shape: TensorShapeProto
                {
                    foreach (var dimension in value.Shape)
                        Nested(shape, 1, Message(d =>       // dim: TensorShapeProto.Dimension
                        {
                            if (dimension.Parameter is { } parameter)
                                String(d, 2, parameter);    // dim_param
                            else
                                Int64(d, 1, dimension.Size); // dim_value
                        }));
                }));
            }))));
        if (value.DocString is { } doc)
            String(o, 3, doc);                              // doc_string
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
            output.Flush();
        }

        return buffer.ToArray();
    }

    private static void Nested(CodedOutputStream output, int field, byte[] message) => Bytes(output, field, message);

    private static void Bytes(CodedOutputStream output, int field, ReadOnlySpan<byte> bytes)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(bytes));
    }

    private static void String(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void Int64(CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    private static void Int32(CodedOutputStream output, int field, int value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt32(value);
    }
}
