namespace Changai.WeChat;

/// <summary>Result of getPhoneNumber. <see cref="PhoneNumber"/> carries the country code for non-mainland numbers.</summary>
public sealed record PhoneNumberInfo(string PhoneNumber, string PurePhoneNumber, string CountryCode)
{
    // Records print every property; phone numbers must not reach logs.
    public override string ToString() => $"PhoneNumberInfo {{ CountryCode = {CountryCode} }}";
}
