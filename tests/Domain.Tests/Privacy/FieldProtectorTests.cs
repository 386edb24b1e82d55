using System.Security.Cryptography;
using Changai.Domain.Privacy;

namespace Changai.Domain.Tests.Privacy;

public sealed class FieldProtectorTests
{
    private static readonly string HashKey = NewKey(32);

    private static string NewKey(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    private static FieldProtector Protector(string activeKeyId, params (string Id, string Key)[] keys) => new(new PersonalDataOptions
    {
        Keys = keys.ToDictionary(k => k.Id, k => k.Key),
        ActiveKeyId = activeKeyId,
        LookupHashKey = HashKey,
    });

    private static FieldProtector SingleKey() => Protector("k1", ("k1", NewKey(32)));

    [Theory]
    [InlineData("云南省昆明市五华区 张三丰")]
    [InlineData("530102199001011234")]
    [InlineData("")]
    [InlineData("欧阳娜娜 🏭 傈僳族")]
    public void Chinese_text_comes_back_unchanged(string plaintext)
    {
        var protector = SingleKey();

        Assert.Equal(plaintext, protector.Unprotect(protector.Protect(plaintext)));
    }

    [Fact]
    public void Stored_form_does_not_reveal_the_value()
    {
        var protector = SingleKey();

        var stored = protector.Protect("530102199001011234");

        Assert.DoesNotContain("530102199001011234", stored);
        Assert.DoesNotContain("1990", stored);
    }

    [Fact]
    public void Same_text_encrypts_differently_each_time_but_has_one_lookup_hash()
    {
        var protector = SingleKey();

        var first = protector.Protect("13800000000");
        var second = protector.Protect("13800000000");

        Assert.NotEqual(first, second);
        Assert.Equal("13800000000", protector.Unprotect(first));
        Assert.Equal("13800000000", protector.Unprotect(second));
        Assert.Equal(protector.LookupHash("13800000000"), protector.LookupHash("13800000000"));
    }

    [Fact]
    public void Lookup_hash_distinguishes_values_and_does_not_contain_them()
    {
        var protector = SingleKey();

        var a = protector.LookupHash("13800000000");
        var b = protector.LookupHash("13800000001");

        Assert.NotEqual(a, b);
        Assert.DoesNotContain("13800000000", a);
    }

    [Fact]
    public void Lookup_hash_is_stable_across_a_key_rotation_and_keyed_by_the_hash_key()
    {
        var before = Protector("k1", ("k1", NewKey(32)));
        var after = Protector("k2", ("k1", NewKey(32)), ("k2", NewKey(32)));
        var otherHashKey = new FieldProtector(new PersonalDataOptions
        {
            Keys = new() { ["k1"] = NewKey(32) },
            ActiveKeyId = "k1",
            LookupHashKey = NewKey(32),
        });

        Assert.Equal(before.LookupHash("530102199001011234"), after.LookupHash("530102199001011234"));
        Assert.NotEqual(before.LookupHash("530102199001011234"), otherHashKey.LookupHash("530102199001011234"));
    }

    [Fact]
    public void Value_written_under_the_old_key_is_still_readable_after_rotation_and_flagged_for_re_encryption()
    {
        var k1 = NewKey(32);
        var k2 = NewKey(32);
        var before = Protector("k1", ("k1", k1));
        var old = before.Protect("张三 13800000000");

        var after = Protector("k2", ("k1", k1), ("k2", k2));
        var fresh = after.Protect("张三 13800000000");

        Assert.Equal("张三 13800000000", after.Unprotect(old));
        Assert.True(after.NeedsRotation(old));
        Assert.False(after.NeedsRotation(fresh));
        Assert.False(before.NeedsRotation(old));
    }

    [Fact]
    public void Once_the_old_key_is_removed_re_encrypted_values_stay_readable_and_old_ones_are_refused()
    {
        var k1 = NewKey(32);
        var k2 = NewKey(32);
        var old = Protector("k1", ("k1", k1)).Protect("5301**********1234");
        var rotating = Protector("k2", ("k1", k1), ("k2", k2));
        var rewritten = rotating.Protect(rotating.Unprotect(old));

        var retired = Protector("k2", ("k2", k2));

        Assert.Equal("5301**********1234", retired.Unprotect(rewritten));
        Assert.Throws<CryptographicException>(() => retired.Unprotect(old));
    }

    [Fact]
    public void Changing_one_byte_of_the_ciphertext_is_detected()
    {
        var protector = SingleKey();
        var stored = protector.Protect("云南省玉溪市澄江市");
        var colon = stored.IndexOf(':');
        var data = Convert.FromBase64String(stored[(colon + 1)..]);

        for (var i = 0; i < data.Length; i++)
        {
            var tampered = (byte[])data.Clone();
            tampered[i] ^= 0x01;
            var forged = stored[..(colon + 1)] + Convert.ToBase64String(tampered);

            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(forged));
        }
    }

    [Fact]
    public void Ciphertext_relabelled_with_another_key_id_is_refused()
    {
        var protector = Protector("k1", ("k1", NewKey(32)), ("k2", NewKey(32)));
        var stored = protector.Protect("13800000000");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect("k2" + stored[stored.IndexOf(':')..]));
    }

    [Fact]
    public void Same_key_material_under_another_key_id_still_refuses_relabelled_ciphertext()
    {
        // The key id is bound to the ciphertext, so moving a row between key ids is noticed even when the keys match.
        var key = NewKey(32);
        var protector = Protector("k1", ("k1", key), ("k2", key));
        var stored = protector.Protect("13800000000");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect("k2" + stored[stored.IndexOf(':')..]));
    }

    [Theory]
    [InlineData("k9:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData(":AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Unknown_or_missing_key_id_is_refused(string stored)
    {
        var protector = SingleKey();

        Assert.Throws<CryptographicException>(() => protector.Unprotect(stored));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Damaged_or_truncated_stored_value_is_refused_as_a_cryptographic_failure(int keepBytes)
    {
        var protector = SingleKey();
        var stored = protector.Protect("13800000000");
        var payload = Convert.FromBase64String(stored[3..]);

        // keepBytes < 0: the text itself is cut in the middle of a base64 group, as a too-short column would do.
        var damaged = keepBytes < 0 ? stored[..12] : "k1:" + Convert.ToBase64String(payload[..keepBytes]);

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(damaged));
    }

    [Fact]
    public void Null_stored_value_reads_as_null()
    {
        Assert.Null(SingleKey().UnprotectOrNull(null));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Encryption_key_of_the_wrong_length_is_refused_naming_the_setting(int bytes)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Protector("k1", ("k1", NewKey(bytes))));

        Assert.Contains("PersonalData:Keys:k1", error.Message);
        Assert.Contains("32", error.Message);
    }

    [Fact]
    public void Retired_key_of_the_wrong_length_is_refused_too()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Protector("current", ("current", NewKey(32)), ("legacy", NewKey(16))));

        Assert.Contains("PersonalData:Keys:legacy", error.Message);
    }

    [Fact]
    public void Encryption_key_that_is_not_base64_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Protector("k1", ("k1", "not base64!")));

        Assert.Contains("PersonalData:Keys:k1", error.Message);
    }

    [Fact]
    public void Active_key_id_missing_from_the_keys_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Protector("k2", ("k1", NewKey(32))));

        Assert.Contains("PersonalData:ActiveKeyId", error.Message);
        Assert.Contains("k2", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    public void Lookup_hash_key_shorter_than_32_bytes_is_refused_naming_the_setting(int bytes)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new FieldProtector(new PersonalDataOptions
        {
            Keys = new() { ["k1"] = NewKey(32) },
            ActiveKeyId = "k1",
            LookupHashKey = NewKey(bytes),
        }));

        Assert.Contains("PersonalData:LookupHashKey", error.Message);
    }

    [Fact]
    public void Lookup_hash_key_longer_than_32_bytes_is_accepted()
    {
        var protector = new FieldProtector(new PersonalDataOptions
        {
            Keys = new() { ["k1"] = NewKey(32) },
            ActiveKeyId = "k1",
            LookupHashKey = NewKey(64),
        });

        Assert.Equal("张三", protector.Unprotect(protector.Protect("张三")));
    }
}
