namespace MlflowDeploy.Tests.Support;

/// <summary>Runs the repository's real <c>build.sh</c> as a user would, under a deadline, without colour codes.</summary>
public static class BuildScript
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static Task<Result> RunAsync(params string[] arguments) => RunAsync(TimeSpan.FromMinutes(12), null, arguments);

    public static Task<Result> RunAsync(TimeSpan deadline, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        RunInAsync(RepositoryRoot.Path, deadline, environment, arguments);

    /// <summary>Runs the build.sh of another checkout (a <see cref="RepositoryCopy"/>).</summary>
    public static async Task<Result> RunInAsync(string root, TimeSpan deadline, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>()) { ["NO_COLOR"] = "1" };
        var result = await ExternalProcess.RunAsync(Path.Combine(root, "build.sh"), arguments, deadline, root, variables);
        return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
