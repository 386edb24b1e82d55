using Changai.Api.OfficerConsole.Audit;
using Xunit;

namespace Changai.Api.Tests.Console;

public sealed class AuditMaskingTests
{
    [Theory]
    [InlineData("材料齐全，身份证 53011119900101123X", "材料齐全，身份证 5****************X")]
    [InlineData("联系电话13912345678已核实", "联系电话139****5678已核实")]
    [InlineData("2026-11-21 流水号 202611210000123456789", "2026-11-21 流水号 202611210000123456789")]
    [InlineData("第 3 位，签号 0042", "第 3 位，签号 0042")]
    public void Id_and_phone_numbers_quoted_in_a_reason_are_masked_and_other_numbers_left_alone(string reason, string shown) =>
        Assert.Equal(shown, AuditSection.MaskPersonalData(reason));
}
