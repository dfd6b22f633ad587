using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MlflowDeploy.Review;

/// <summary>
/// Forward-only JSON tokens over a stream, with a buffer that grows only to the largest single token.
/// A plan's JSON can reach hundreds of megabytes, so nothing here ever holds the whole document:
/// <see cref="Utf8JsonReader"/> runs over the buffered bytes and its state carries over between refills.
/// The current token's bytes stay valid until the next read.
/// </summary>
internal sealed class JsonTokenStream : IAsyncDisposable
{
    private const int InitialBufferSize = 64 * 1024;
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 512 };

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state = new(ReaderOptions);
    private int _valueOffset;
    private int _valueLength;

    private JsonTokenStream(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    }

    public static JsonTokenStream OpenFile(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan));

    public JsonTokenType TokenType { get; private set; } = JsonTokenType.None;

    /// <summary>Depth of the current token; a container's start and end tokens share one depth.</summary>
    public int Depth { get; private set; }

    public bool ValueIsEscaped { get; private set; }

    public ReadOnlySpan<byte> RawValue => _buffer.AsSpan(_valueOffset, _valueLength);

    public async ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            if (TryReadBuffered())
            {
                return true;
            }
            if (_final)
            {
                if (_start < _end && !IsWhitespace(_buffer.AsSpan(_start, _end - _start)))
                {
                    throw new JsonException("plan JSON ends in the middle of a value");
                }
                return false;
            }
            await FillAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the next token and requires it to be <paramref name="expected"/>.</summary>
    public async ValueTask ExpectAsync(JsonTokenType expected, CancellationToken ct)
    {
        if (!await ReadAsync(ct).ConfigureAwait(false) || TokenType != expected)
        {
            throw new JsonException($"plan JSON: expected {expected}, found {TokenType}");
        }
    }

    /// <summary>
    /// After a property name, skips its value; on a container start, skips to its end.
    /// Runs the reader in a tight synchronous loop so that skipping large sections costs no per-token awaits.
    /// </summary>
    public async ValueTask SkipAsync(CancellationToken ct)
    {
        if (TokenType == JsonTokenType.PropertyName)
        {
            await ReadAsync(ct).ConfigureAwait(false);
        }
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }
        var depth = Depth;
        while (!TrySkipBuffered(depth))
        {
            if (_final)
            {
                throw new JsonException("plan JSON ends in the middle of a value");
            }
            await FillAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the next whole value (an array element, or a property's value) into the buffer and returns its
    /// bytes, valid until the next read; null when the next token closes the current container instead.
    /// Lets callers parse one bounded unit (one resource change) synchronously with a plain reader, which is
    /// several times faster than awaiting each token.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadValueAsync(CancellationToken ct)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && !reader.Read())
                {
                    // The name is buffered but its value isn't yet.
                }
                else if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
                {
                    TokenType = reader.TokenType;
                    Depth = reader.CurrentDepth;
                    _start += (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                    return null;
                }
                else
                {
                    var valueStart = _start + (int)reader.TokenStartIndex;
                    if (reader.TrySkip())
                    {
                        TokenType = reader.TokenType;
                        Depth = reader.CurrentDepth;
                        var value = _buffer.AsMemory(valueStart, _start + (int)reader.BytesConsumed - valueStart);
                        _start += (int)reader.BytesConsumed;
                        _state = reader.CurrentState;
                        _valueLength = 0;
                        return value;
                    }
                }
            }
            if (_final)
            {
                throw new JsonException("plan JSON ends in the middle of a value");
            }
            await FillAsync(ct).ConfigureAwait(false);
        }
    }

    public bool NameIs(ReadOnlySpan<byte> utf8Name) =>
        ValueIsEscaped ? GetString() == Encoding.UTF8.GetString(utf8Name) : RawValue.SequenceEqual(utf8Name);

    public string GetString()
    {
        if (!ValueIsEscaped)
        {
            return Encoding.UTF8.GetString(RawValue);
        }
        // Unescaping is only public on the reader, so read the quoted token again on its own.
        var quoted = _buffer.AsSpan(_valueOffset - 1, _valueLength + 2);
        var reader = new Utf8JsonReader(quoted, isFinalBlock: true, state: default);
        reader.Read();
        return reader.GetString()!;
    }

    public bool GetBoolean() => TokenType == JsonTokenType.True;

    private bool TryReadBuffered()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        if (!reader.Read())
        {
            return false;
        }
        TokenType = reader.TokenType;
        Depth = reader.CurrentDepth;
        ValueIsEscaped = reader.ValueIsEscaped;
        var quoted = reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName ? 1 : 0;
        _valueOffset = _start + (int)reader.TokenStartIndex + quoted;
        _valueLength = reader.ValueSpan.Length;
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        return true;
    }

    private bool TrySkipBuffered(int depth)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        var done = false;
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth)
            {
                TokenType = reader.TokenType;
                Depth = depth;
                done = true;
                break;
            }
        }
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        _valueLength = 0;
        return done;
    }

    private async ValueTask FillAsync(CancellationToken ct)
    {
        var pending = _end - _start;
        if (pending == _buffer.Length)
        {
            // One token is larger than the buffer: grow, since a token can't be split.
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, _start, larger, 0, pending);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        }
        _start = 0;
        _end = pending;
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
        _end += read;
        _final = read == 0;
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
