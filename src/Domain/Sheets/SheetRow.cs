namespace Changai.Domain.Sheets;

/// <summary>
/// A row of a sheet with the number a spreadsheet program shows for it (the header is row 1; empty rows are skipped by the
/// readers but still counted, so an error message can say "第 12 行" and the officer finds row 12). Trailing empty cells
/// are left out, so index with <see cref="Cell"/>.
/// </summary>
public sealed record SheetRow(int Number, IReadOnlyList<string> Cells)
{
    /// <summary>The cell at a zero-based column index, "" past the end of the row.</summary>
    public string Cell(int column) => column >= 0 && column < Cells.Count ? Cells[column] : "";

    internal static SheetRow? NonEmpty(int number, List<string> cells)
    {
        var length = cells.Count;
        while (length > 0 && cells[length - 1].Length == 0)
        {
            length--;
        }

        return length == 0 ? null : new SheetRow(number, cells.GetRange(0, length));
    }
}
