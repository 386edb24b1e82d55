using System.Security.Cryptography;
using System.Text;

namespace Changai.Api.OfficerConsole.Shared;

/// <summary>
/// The console's one script, first-party and served by the API itself (the CSP allows <c>script-src 'self'</c> and nothing
/// inline). Every page works without it; it only adds two habits officers know from admin systems: a confirmation before
/// an irreversible action — a submit button or form with <c>data-confirm="确定…？"</c> submits only when the officer accepts —
/// and a "select all" checkbox (<c>data-select-all="id"</c>) that ticks every checkbox of that name in its form.
/// </summary>
public static class ConsoleScripts
{
    public const string Js = """
        "use strict";
        document.addEventListener("submit", function (event) {
            var button = event.submitter;
            var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
            if (message && !window.confirm(message)) {
                event.preventDefault();
            }
        }, true);
        document.addEventListener("change", function (event) {
            var box = event.target;
            var name = box.getAttribute && box.getAttribute("data-select-all");
            if (!name) {
                return;
            }
            var boxes = box.form ? box.form.elements : document.querySelectorAll("input[type=checkbox]");
            for (var i = 0; i < boxes.length; i++) {
                if (boxes[i].type === "checkbox" && boxes[i].name === name && !boxes[i].disabled) {
                    boxes[i].checked = box.checked;
                }
            }
        });
        """;

    /// <summary>The script's address, changed whenever its content changes, so browsers may cache it for good.</summary>
    public static readonly string Src = ConsoleSetup.BasePath + "/assets/console.js?v=" +
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Js)))[..12];
}
