using Changai.WeChat.Simulator;

namespace Changai.WeChat.Tests.Simulator;

public sealed class SubscribeValueRulesTests
{
    [Theory]
    [InlineData("thing1", "工会春季职工运动会", true)]
    [InlineData("thing1", "一二三四五六七八九十一二三四五六七八九十", true)]
    [InlineData("thing1", "一二三四五六七八九十一二三四五六七八九十一", false)]
    [InlineData("thing1", "Line one\nline two", false)]
    [InlineData("thing1", "", false)]
    [InlineData("number2", "12.5", true)]
    [InlineData("number2", "12a", false)]
    [InlineData("letter3", "ABCdef", true)]
    [InlineData("letter3", "ABC1", false)]
    [InlineData("symbol4", "#*!", true)]
    [InlineData("symbol4", "#*!?%@", false)]
    [InlineData("character_string13", "SQ-2025_0001", true)]
    [InlineData("character_string13", "申请0001", false)]
    [InlineData("character_string13", "123456789012345678901234567890123", false)]
    [InlineData("time5", "15:01", true)]
    [InlineData("time5", "2019年10月1日 15:01", true)]
    [InlineData("time5", "2025-03-08 09:30:00", true)]
    [InlineData("time5", "2025-03-08 09:30 ~ 2025-03-08 11:30", true)]
    [InlineData("time5", "25:00", false)]
    [InlineData("time5", "2025-03-08", false)]
    [InlineData("time5", "明天上午", false)]
    [InlineData("date6", "2025-03-08", true)]
    [InlineData("date6", "2025年3月8日", true)]
    [InlineData("date6", "2025年3月8日 ~ 2025年3月10日", true)]
    [InlineData("date6", "2025-02-30", false)]
    [InlineData("amount7", "¥1200.00", true)]
    [InlineData("amount7", "1200元", true)]
    [InlineData("amount7", "一千元", false)]
    [InlineData("phone_number8", "+86-0766-66888866", true)]
    [InlineData("phone_number8", "0871-6331-1234-5678-9", false)]
    [InlineData("car_number9", "云A12345", true)]
    [InlineData("car_number9", "云A1234学", true)]
    [InlineData("car_number9", "云A123456789", false)]
    [InlineData("name10", "张三", true)]
    [InlineData("name10", "阿卜杜拉·买买提", true)]
    [InlineData("name10", "Zhang San", true)]
    [InlineData("name10", "张三李四王五赵六钱七孙", false)]
    [InlineData("name10", "张三1", false)]
    [InlineData("phrase11", "审核通过", true)]
    [InlineData("phrase11", "审核已经通过了", false)]
    [InlineData("phrase11", "OK", false)]
    public void Keyword_values_follow_the_rules_of_their_type(string key, string value, bool valid)
    {
        Assert.Equal(valid, SubscribeValueRules.IsValid(key, value));
    }

    [Fact]
    public void Emoji_count_as_one_character_in_a_thing()
    {
        Assert.True(SubscribeValueRules.IsValid("thing1", string.Concat(Enumerable.Repeat("🏃", 20))));
        Assert.False(SubscribeValueRules.IsValid("thing1", string.Concat(Enumerable.Repeat("🏃", 21))));
    }

    [Theory]
    [InlineData("character_string13", "character_string")]
    [InlineData("thing1", "thing")]
    [InlineData("phone_number20", "phone_number")]
    public void Keyword_type_is_the_key_without_trailing_digits(string key, string type)
    {
        Assert.Equal(type, SubscribeValueRules.TypeOf(key));
    }
}
