using Changai.Domain.Identity;
using Changai.Domain.Profiles;

namespace Changai.Domain.Tests.Profiles;

public sealed class IndustrialWorkerStandardTests
{
    private static Worker Worker(string? section, EmploymentForm? form) => new()
    {
        Id = Guid.NewGuid(),
        OpenId = "o-test",
        IndustrySection = section,
        EmploymentForm = form,
    };

    [Fact]
    public void Manufacturing_worker_with_a_labour_contract_is_an_industrial_worker()
    {
        var result = IndustrialWorkerStandard.Assess(Worker("C", EmploymentForm.LabourContract));

        Assert.True(result.IsIndustrialWorker);
        Assert.True(result.IsComplete);
        Assert.Contains(result.Reasons, r => r.Contains("制造业"));
        Assert.Contains(result.Reasons, r => r.Contains("劳动合同"));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("B")]
    [InlineData("C")]
    [InlineData("D")]
    [InlineData("E")]
    [InlineData("G")]
    [InlineData("I")]
    public void Sections_named_by_the_standard_count_fully(string section)
    {
        var result = IndustrialWorkerStandard.Assess(Worker(section, EmploymentForm.LabourContract));

        Assert.True(result.IsIndustrialWorker);
        Assert.True(result.IsComplete);
        Assert.Contains(result.Reasons, r => r.Contains(IndustrySections.Names[section]));
    }

    [Theory]
    [InlineData("H")]
    [InlineData("J")]
    [InlineData("N")]
    public void Partly_covered_sections_count_and_say_it_is_for_new_format_posts(string section)
    {
        var result = IndustrialWorkerStandard.Assess(Worker(section, EmploymentForm.LabourContract));

        Assert.True(result.IsIndustrialWorker);
        Assert.True(result.IsComplete);
        Assert.Contains(result.Reasons, r => r.Contains(IndustrySections.Names[section]) && r.Contains("新业态"));
    }

    [Theory]
    [InlineData(EmploymentForm.Dispatched, "劳务派遣")]
    [InlineData(EmploymentForm.NewEmploymentForm, "新就业形态")]
    public void Dispatched_and_new_employment_form_workers_in_a_covered_section_count(EmploymentForm form, string shown)
    {
        var result = IndustrialWorkerStandard.Assess(Worker("G", form));

        Assert.True(result.IsIndustrialWorker);
        Assert.Contains(result.Reasons, r => r.Contains(shown));
    }

    [Theory]
    [InlineData("C")]
    [InlineData("H")]
    [InlineData("F")]
    public void Self_employed_worker_is_not_an_industrial_worker_and_is_told_why(string section)
    {
        var result = IndustrialWorkerStandard.Assess(Worker(section, EmploymentForm.SelfEmployed));

        Assert.False(result.IsIndustrialWorker);
        Assert.True(result.IsComplete);
        var reason = Assert.Single(result.Reasons);
        Assert.Contains("个体经营", reason);
    }

    [Fact]
    public void Retail_worker_is_not_an_industrial_worker_and_the_reason_names_the_section()
    {
        var result = IndustrialWorkerStandard.Assess(Worker("F", EmploymentForm.LabourContract));

        Assert.False(result.IsIndustrialWorker);
        Assert.True(result.IsComplete);
        var reason = Assert.Single(result.Reasons);
        Assert.Contains("批发和零售业", reason);
        Assert.Contains("不在", reason);
    }

    [Theory]
    [InlineData("K")]
    [InlineData("P")]
    [InlineData("Q")]
    [InlineData("S")]
    public void Sections_outside_the_standard_do_not_count(string section)
    {
        var result = IndustrialWorkerStandard.Assess(Worker(section, EmploymentForm.LabourContract));

        Assert.False(result.IsIndustrialWorker);
        Assert.True(result.IsComplete);
        Assert.NotEmpty(result.Reasons);
    }

    [Fact]
    public void Missing_industry_and_employment_form_makes_the_assessment_incomplete_listing_both()
    {
        var result = IndustrialWorkerStandard.Assess(Worker(null, null));

        Assert.False(result.IsComplete);
        Assert.False(result.IsIndustrialWorker);
        Assert.Equal(2, result.Reasons.Count);
        Assert.Contains(result.Reasons, r => r.Contains("行业"));
        Assert.Contains(result.Reasons, r => r.Contains("用工形式"));
    }

    [Fact]
    public void Missing_industry_alone_is_reported_alone()
    {
        var result = IndustrialWorkerStandard.Assess(Worker(null, EmploymentForm.LabourContract));

        Assert.False(result.IsComplete);
        var reason = Assert.Single(result.Reasons);
        Assert.Contains("行业", reason);
    }

    [Fact]
    public void Missing_employment_form_alone_is_reported_alone_even_for_a_covered_section()
    {
        var result = IndustrialWorkerStandard.Assess(Worker("C", null));

        Assert.False(result.IsComplete);
        Assert.False(result.IsIndustrialWorker);
        var reason = Assert.Single(result.Reasons);
        Assert.Contains("用工形式", reason);
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("")]
    [InlineData("制造业")]
    public void An_industry_that_is_not_a_gbt_4754_section_counts_as_not_filled_in(string section)
    {
        var result = IndustrialWorkerStandard.Assess(Worker(section, EmploymentForm.LabourContract));

        Assert.False(result.IsComplete);
        Assert.False(result.IsIndustrialWorker);
        Assert.Contains(result.Reasons, r => r.Contains("行业"));
    }
}
