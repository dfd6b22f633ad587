#!/usr/bin/env pwsh
# Bootstrap for the Cake build (PowerShell 7): the same steps as build.sh — restore the tools, publish the
# library when its sources changed, keep Cake's script cache in step with the library, run Cake with every
# argument passed through, and return its exit code.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Set-Location -LiteralPath $PSScriptRoot

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$env:CAKE_SETTINGS_ENABLESCRIPTCACHE = 'true'

function Get-Sha256([byte[]] $bytes) {
    [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
}

$lib = 'build/MlflowDeploy'
$publish = 'build/.publish'
$stamp = Join-Path $publish '.sources.sha256'

$toolsStamp = 'build/.tools-restored'
$manifestHash = Get-Sha256 ([IO.File]::ReadAllBytes((Join-Path $PSScriptRoot '.config/dotnet-tools.json')))
if (-not (Test-Path $toolsStamp) -or (Get-Content -Raw $toolsStamp).Trim() -ne $manifestHash) {
    dotnet tool restore | Out-Null
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    Set-Content -NoNewline -Path $toolsStamp -Value $manifestHash
}

# The same fingerprint as build.sh: every source that shapes the published library, in ordinal path order.
$paths = [string[]] @(Get-ChildItem -Recurse -File -Path $lib -Include '*.cs', '*.csproj', '*.py', '*.json' |
    ForEach-Object { [IO.Path]::GetRelativePath($PSScriptRoot, $_.FullName).Replace('\', '/') } |
    Where-Object { $_ -notmatch '/(bin|obj)/' })
[Array]::Sort($paths, [StringComparer]::Ordinal)
$lines = foreach ($relative in @($paths) + @('Directory.Build.props')) {
    "$(Get-Sha256 ([IO.File]::ReadAllBytes((Join-Path $PSScriptRoot $relative))))  $relative"
}
$sourcesHash = Get-Sha256 ([Text.Encoding]::UTF8.GetBytes(($lines -join "`n") + "`n"))

$cacheFlag = @()
if (-not (Test-Path $stamp) -or (Get-Content -Raw $stamp).Trim() -ne $sourcesHash) {
    Write-Host 'Publishing the MlflowDeploy library…'
    dotnet publish "$lib/MlflowDeploy.csproj" -c Release -o $publish --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    Set-Content -NoNewline -Path $stamp -Value $sourcesHash
    # Cake's cache is keyed on the script text alone; a new library behind the same script must recompile it.
    $cacheFlag = @('--invalidate-script-cache')
}

dotnet cake build/build.cake @cacheFlag @args
exit $LASTEXITCODE
