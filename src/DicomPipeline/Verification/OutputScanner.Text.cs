using DicomPipeline.Dicom;

namespace DicomPipeline.Verification;

// Decoded text: cut into tokens and looked up in the search set, with CJK runs and UIDs checked on their own.
internal sealed partial class OutputScanner
{
    private void ScanText(string text, ElementPath? path, string? place = null)
    {
        if (_set is null || text.Length == 0)
        {
            return;
        }

        var tokens = _tokens;
        tokens.Read(text);
        var maxTokens = _set.MaxTokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var state = TextTokens.Start();
            var end = Math.Min(tokens.Count, i + maxTokens);
            for (var j = i; j < end; j++)
            {
                if (j > i && tokens[j].BreakBefore)
                {
                    break;
                }

                state = TextTokens.Append(state, tokens.Folded(j));
                if (_set.TryFindTerm(TextTokens.Finish(state), out var origin))
                {
                    Report(path, origin.Kind, origin.Attribute, text[tokens[i].TextStart..tokens[j].TextEnd], place);
                }
            }

            if (tokens[i].Kind == TextTokens.Kind.Cjk && _set.MaxCjkLength > 0)
            {
                ScanCjk(tokens.Folded(i), text.AsSpan(tokens[i].TextStart), path, place);
            }
        }

        ScanUids(text, path, place);
    }

    /// <summary>CJK text has no spaces between words: every substring of two characters or more is looked up.</summary>
    private void ScanCjk(ReadOnlySpan<char> run, ReadOnlySpan<char> text, ElementPath? path, string? place)
    {
        for (var start = 0; start < run.Length - 1; start++)
        {
            var longest = Math.Min(_set!.MaxCjkLength, run.Length - start);
            for (var length = IdentifierRules.MinimumCjkLength; length <= longest; length++)
            {
                if (start == 0 && length == run.Length)
                {
                    continue; // the whole token was looked up already
                }

                if (_set.TryFindTerm(TextTokens.Hash(run.Slice(start, length)), out var origin))
                {
                    Report(path, origin.Kind, origin.Attribute, text.Slice(start, length).ToString(), place);
                }
            }
        }
    }

    private void ScanUids(string text, ElementPath? path, string? place)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var candidate = text.AsSpan(start, i - start).TrimEnd('.');
            if (candidate.Contains('.') && _set!.TryFindUid(candidate, out var origin))
            {
                Report(path, origin.Kind, origin.Attribute, candidate.ToString(), place);
            }
        }
    }
}
