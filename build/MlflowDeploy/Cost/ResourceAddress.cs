using System.Text;

namespace MlflowDeploy.Cost;

/// <summary>Terraform resource addresses as the plan writes them.</summary>
public static class ResourceAddress
{
    /// <summary>
    /// Drops every instance key: "module.a[0].aws_lb.x[\"k]\"]" → "module.a.aws_lb.x". Keys are quoted strings
    /// or numbers, and a quoted key may itself hold brackets.
    /// </summary>
    public static string WithoutKeys(string address)
    {
        var text = new StringBuilder(address.Length);
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < address.Length; i++)
        {
            var c = address[i];
            if (depth > 0)
            {
                if (quoted && c == '\\' && i + 1 < address.Length)
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && c == ']')
                {
                    depth--;
                }
                continue;
            }
            if (c == '[')
            {
                depth++;
                continue;
            }
            text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>"aws_ecs_task_definition.mlflow.arn" → "aws_ecs_task_definition.mlflow" (a reference to a resource, not a variable or local).</summary>
    public static string? ResourceOfReference(string reference, string modulePrefix)
    {
        var parts = WithoutKeys(reference).Split('.');
        if (parts.Length < 2 || parts[0] is "var" or "local" or "module" or "data" or "each" or "count" or "path" or "terraform" or "self")
        {
            return null;
        }
        return modulePrefix + parts[0] + "." + parts[1];
    }
}
