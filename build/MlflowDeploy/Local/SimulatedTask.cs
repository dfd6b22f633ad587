namespace MlflowDeploy.Local;

/// <summary>One task the Fargate stand-in started: its ARN, private address (an ALB target) and awslogs stream.</summary>
public sealed record SimulatedTask(string TaskArn, string PrivateIpAddress, string LogStreamName);
