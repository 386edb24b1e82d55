using Changai.Api.OfficerConsole.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changai.Api.OfficerConsole;

/// <summary>Renders console pages (Razor components, server-side only) and reads their forms.</summary>
public static class ConsolePages
{
    public static RazorComponentResult Render<TPage>(object parameters, int status = StatusCodes.Status200OK) where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters) { StatusCode = status };

    public static RazorComponentResult Error(int status, string title, string message) =>
        Render<ErrorPage>(new { Title = title, Message = message }, status);

    /// <summary>After a POST, back to a console page (GET), so a refresh never repeats the action.</summary>
    public static RedirectHttpResult SeeOther(string path) => TypedResults.Redirect(ConsoleSetup.BasePath + path);

    public static async Task<IFormCollection> FormAsync(HttpContext http) =>
        http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;

    public static string? Text(this IFormCollection form, string name) => form[name].FirstOrDefault() is { } value && value.Trim().Length > 0 ? value.Trim() : null;

    public static string Encode(string value) => Uri.EscapeDataString(value);
}
