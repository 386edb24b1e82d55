using Changai.Domain.Identity;

namespace Changai.Domain.Profiles;

public sealed record IndustrialWorkerAssessment(bool IsIndustrialWorker, bool IsComplete, IReadOnlyList<string> Reasons);

/// <summary>
/// Who counts as an industrial worker (产业工人) under the Kunming draft standard (seed 002): workers in collective
/// production labour, employed by an enterprise and living on wages, in the primary sector's farms and forest farms,
/// the secondary sector, and transport/post, IT and the new-format services of the tertiary sector. Mapped onto
/// GB/T 4754 sections: A, B, C, D, E, G, I fully; H, J, N in part (new formats of catering, finance, environmental work).
/// </summary>
public static class IndustrialWorkerStandard
{
    private static readonly HashSet<string> CoreSections = ["A", "B", "C", "D", "E", "G", "I"];
    private static readonly HashSet<string> PartialSections = ["H", "J", "N"];

    public static IndustrialWorkerAssessment Assess(Worker worker)
    {
        var missing = new List<string>();
        if (worker.EmploymentForm is null)
        {
            missing.Add("尚未填写用工形式");
        }

        if (!IndustrySections.IsValid(worker.IndustrySection))
        {
            missing.Add("尚未填写所属行业");
        }

        if (missing.Count > 0)
        {
            return new IndustrialWorkerAssessment(false, false, missing);
        }

        var section = worker.IndustrySection!;
        var sectionName = IndustrySections.Names[section];
        if (worker.EmploymentForm == EmploymentForm.SelfEmployed)
        {
            return new IndustrialWorkerAssessment(false, true, ["标准要求受雇于企业、以工资收入为主；个体经营或灵活就业不计入"]);
        }

        var employment = worker.EmploymentForm switch
        {
            EmploymentForm.LabourContract => "签订劳动合同",
            EmploymentForm.Dispatched => "劳务派遣",
            _ => "新就业形态",
        };

        if (CoreSections.Contains(section))
        {
            return new IndustrialWorkerAssessment(true, true, [$"所属行业“{sectionName}”属于标准列明的产业领域", $"用工形式为{employment}，以工资收入为主"]);
        }

        if (PartialSections.Contains(section))
        {
            return new IndustrialWorkerAssessment(true, true,
                [$"所属行业“{sectionName}”中的新业态、新模式岗位计入标准（第三产业部分领域）", $"用工形式为{employment}，以工资收入为主"]);
        }

        return new IndustrialWorkerAssessment(false, true, [$"所属行业“{sectionName}”不在标准列明的产业领域内"]);
    }
}
