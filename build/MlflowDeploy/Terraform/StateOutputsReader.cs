using System.Buffers;
using System.Text.Json;

namespace MlflowDeploy.Terraform;

/// <summary>
/// Reads the root module's outputs out of a terraform state as it streams in, in the shape of
/// <c>terraform output -json</c>, so that a stage that only needs the outputs does not have to initialise terraform.
/// Only format version 4 (terraform 0.12 to 1.x) is read; anything else is refused. The state also holds every
/// resource's attributes, secrets among them: nothing but <c>version</c> and <c>outputs</c> is kept, the rest is
/// skipped token by token, reading stops as soon as both are known, and a sensitive output keeps no value.
/// </summary>
public static class StateOutputsReader
{
    public const int KnownVersion = 4;

    // The outputs object is held whole; a state whose outputs exceed this is not one this stack writes.
    private const int MaxOutputsBytes = 16 * 1024 * 1024;

    /// <summary>The outputs; <see cref="InvalidDataException"/> with the reason when the state is not one this reader knows.</summary>
    public static async Task<JsonDocument> ReadAsync(Stream state, CancellationToken cancellationToken)
    {
        var scan = new Scan();
        var buffer = new byte[16 * 1024];
        var length = 0;
        var final = false;
        while (!scan.Complete)
        {
            if (!final)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxOutputsBytes)
                    {
                        throw new InvalidDataException($"its outputs take more than {MaxOutputsBytes / (1024 * 1024)} MiB");
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await state.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                final = read == 0;
                length += read;
            }

            int consumed;
            try
            {
                consumed = scan.Step(buffer.AsSpan(0, length), final);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"it is not JSON ({e.Message.Split('.')[0]})", e);
            }

            buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
            length -= consumed;
            if (final && !scan.Complete)
            {
                throw new InvalidDataException(scan.Version is null ? "it has no format version" : "it has no outputs");
            }
        }

        return scan.Outputs!;
    }

    /// <summary>Where the scan stands between two blocks of the stream.</summary>
    private sealed class Scan
    {
        private JsonReaderState _state;

        public int? Version { get; private set; }

        public JsonDocument? Outputs { get; private set; }

        public bool Complete => Version is not null && Outputs is not null;

        /// <summary>Reads what it can of <paramref name="block"/>; returns how many bytes are done with.</summary>
        public int Step(ReadOnlySpan<byte> block, bool final)
        {
            var reader = new Utf8JsonReader(block, final, _state);
            while (!Complete)
            {
                // A value that is not all here yet is read again from its property name once more has arrived.
                var consumed = (int)reader.BytesConsumed;
                var before = reader.CurrentState;
                if (!reader.Read())
                {
                    return Keep(consumed, before);
                }

                if (reader.CurrentDepth == 0 && reader.TokenType != JsonTokenType.StartObject && reader.TokenType != JsonTokenType.EndObject)
                {
                    throw new InvalidDataException("it is not a JSON object");
                }

                if (reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.ValueTextEquals("version"))
                {
                    if (!reader.Read())
                    {
                        return Keep(consumed, before);
                    }

                    Version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) ? version : -1;
                    if (Version != KnownVersion)
                    {
                        throw new InvalidDataException(Version == -1
                            ? "its version is not a number"
                            : $"its format version is {Version}; this reader knows version {KnownVersion} only");
                    }
                }
                else if (reader.ValueTextEquals("outputs"))
                {
                    if (!reader.Read())
                    {
                        return Keep(consumed, before);
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new InvalidDataException("its outputs are not an object");
                    }

                    var start = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip())
                    {
                        return Keep(consumed, before);
                    }

                    Outputs = WithoutSensitiveValues(block[start..(int)reader.BytesConsumed]);
                }
            }

            return (int)reader.BytesConsumed;
        }

        private int Keep(int consumed, JsonReaderState state)
        {
            _state = state;
            return consumed;
        }

        private static JsonDocument WithoutSensitiveValues(ReadOnlySpan<byte> outputs)
        {
            var reader = new Utf8JsonReader(outputs);
            using var all = JsonDocument.ParseValue(ref reader);
            var written = new ArrayBufferWriter<byte>(outputs.Length);
            using (var writer = new Utf8JsonWriter(written))
            {
                writer.WriteStartObject();
                foreach (var output in all.RootElement.EnumerateObject())
                {
                    writer.WritePropertyName(output.Name);
                    if (output.Value.ValueKind == JsonValueKind.Object
                        && output.Value.TryGetProperty("sensitive", out var sensitive) && sensitive.ValueKind == JsonValueKind.True)
                    {
                        writer.WriteStartObject();
                        writer.WriteBoolean("sensitive", true);
                        writer.WriteEndObject();
                    }
                    else
                    {
                        output.Value.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }

            return JsonDocument.Parse(written.WrittenMemory);
        }
    }
}
