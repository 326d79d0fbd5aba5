#Requires -Version 7
<#
.SYNOPSIS
    Prepares a Nimbus checkout for development: infrastructure, dependencies, migrations.

.DESCRIPTION
    Overview: checks the prerequisites, starts the compose infrastructure (PostgreSQL, MinIO,
      Temporal, Temporal UI) and waits until it is healthy, runs `npm ci`, applies the database
      migrations with `npm run db:migrate`, and builds the web UI when asked.
    Architecture: build orchestration only: every step is an npm script or a compose command that
      can be run by hand (README "Full stack"); nothing here exists only in PowerShell.
    Dependencies: PowerShell 7, Node.js and npm (version from package.json "engines"), Docker with
      Compose v2 (unless -SkipInfra), infra/docker-compose.yml.
    Concepts: idempotent (compose up, npm ci and the migrations change nothing on a second run);
      any failing step stops the script with a non-zero exit code.

.PARAMETER SkipInfra
    Do not check for Docker or start the compose services; migrate the database named by
    DATABASE_URL (default: the compose one on localhost:5432).

.PARAMETER Frontend
    Also build the web UI (`npm run build:ui`) into frontend/dist/browser.

.PARAMETER CI
    Non-interactive: plain output without colours or progress bars.

.EXAMPLE
    ./build.ps1 -Frontend
#>
[CmdletBinding()]
param(
    [switch] $SkipInfra,
    [switch] $Frontend,
    [switch] $CI
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$Root = $PSScriptRoot
$ComposeFile = Join-Path $Root 'infra/docker-compose.yml'
# Only the infrastructure: the API and the worker run from the checkout (README "Full stack").
$InfraServices = @('postgres', 'minio', 'temporal', 'temporal-ui')
$BucketJob = 'minio-init'
$HealthTimeoutSeconds = 300
$NpmFlags = @()
$ComposeFlags = @()
$CiEnvironment = @{}
if ($CI) {
    $NpmFlags = @('--no-progress', '--color=false')
    $ComposeFlags = @('--ansi', 'never')
    $CiEnvironment = @{ CI = 'true'; NO_COLOR = '1'; FORCE_COLOR = '0' }
}

function Write-Step([string] $Message) {
    if ($CI) { Write-Host "==> $Message" } else { Write-Host "==> $Message" -ForegroundColor Cyan }
}

# Runs a native command and stops the build when it exits non-zero.
function Invoke-Native([string] $Description, [scriptblock] $Command) {
    Write-Step $Description
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$Description failed (exit code $LASTEXITCODE)" }
}

# Runs a native command whose failure is an answer, not an error; returns whether it succeeded.
function Test-Native([scriptblock] $Command) {
    $ErrorActionPreference = 'Continue'
    & $Command 2>$null | Out-Null
    return $LASTEXITCODE -eq 0
}

# Sets environment variables for the duration of $Body only (child processes inherit them).
function Invoke-WithEnvironment([hashtable] $Variables, [scriptblock] $Body) {
    $saved = @{}
    foreach ($name in $Variables.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, [string] $Variables[$name])
    }
    try { & $Body } finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

# The value of the first of these environment variables that is set, else the default.
function Get-FirstSet([string[]] $Names, [string] $Default) {
    foreach ($name in $Names) {
        $value = [Environment]::GetEnvironmentVariable($name)
        if ($value) { return $value }
    }
    return $Default
}

function Assert-Command([string] $Name, [string] $Hint) {
    if (-not (Get-Command $Name -ErrorAction Ignore)) { throw "$Name was not found on PATH. $Hint" }
}

function Assert-Prerequisites {
    Write-Step 'Checking prerequisites'
    $engines = (Get-Content -Raw (Join-Path $Root 'package.json') | ConvertFrom-Json).engines.node
    $required = [version] ($engines -replace '[^\d.]', '')
    Assert-Command 'node' "Install Node.js $required or newer (22 or 24 LTS): https://nodejs.org"
    $found = (node --version)
    if ($LASTEXITCODE -ne 0) { throw 'node --version failed' }
    if ([version] ($found.Trim().TrimStart('v') -replace '-.*$', '') -lt $required) {
        throw "Node.js $required or newer is required (package.json engines: $engines); found $found."
    }
    Assert-Command 'npm' 'npm ships with Node.js; reinstall Node.js or put npm on PATH.'
    $npmVersion = (npm --version)
    if ($LASTEXITCODE -ne 0) { throw 'npm --version failed' }
    Write-Host "    node $found, npm $npmVersion"
    if ($SkipInfra) { return }

    Assert-Command 'docker' 'Install Docker Desktop or Docker Engine with the Compose plugin, or pass -SkipInfra.'
    if (-not (Test-Native { docker compose version })) {
        throw 'Docker Compose v2 is required: `docker compose version` failed. Install the Compose plugin (Docker Desktop has it), or pass -SkipInfra.'
    }
    if (-not (Test-Native { docker info })) {
        throw 'The Docker engine is not reachable (`docker info` failed). Start Docker, or pass -SkipInfra.'
    }
}

function Get-ComposeHealth([string[]] $Services) {
    $ErrorActionPreference = 'Continue'
    $text = (docker compose -f $ComposeFile @ComposeFlags ps --format json @Services 2>$null) -join "`n"
    if ($LASTEXITCODE -ne 0) { throw "docker compose ps failed (exit code $LASTEXITCODE)" }
    # Compose prints one JSON array (older v2) or one JSON object per line (newer v2).
    $rows = if ($text.TrimStart().StartsWith('[')) { @($text | ConvertFrom-Json) }
    else { @($text -split "`n" | Where-Object { $_.Trim() } | ForEach-Object { $_ | ConvertFrom-Json }) }
    $health = @{}
    foreach ($row in $rows) {
        $property = $row.PSObject.Properties['Health']
        $health[[string] $row.Service] = if ($property) { [string] $property.Value } else { '' }
    }
    return $health
}

# The fallback to `up --wait` (and a check of it): every service reports healthy, or a timeout.
function Wait-ComposeHealthy([string[]] $Services, [int] $TimeoutSeconds) {
    $deadline = (Get-Date).AddSeconds($TimeoutSeconds)
    while ($true) {
        $health = Get-ComposeHealth $Services
        $pending = @($Services | Where-Object { $health[$_] -ne 'healthy' })
        if ($pending.Count -eq 0) { return }
        if ((Get-Date) -gt $deadline) {
            throw "Not healthy after $TimeoutSeconds s: $($pending -join ', '). See: docker compose -f infra/docker-compose.yml logs $($pending -join ' ')"
        }
        Start-Sleep -Seconds 3
    }
}

# Compose interpolates the whole file, and the app services require NIMBUS_JWT_SECRET. This script
# never starts them, so a placeholder (one Nimbus itself rejects) satisfies the interpolation.
function Start-Infrastructure {
    $upHelp = (docker compose up --help) -join "`n"
    if ($LASTEXITCODE -ne 0) { throw 'docker compose up --help failed' }
    $waitFlags = @()
    if ($upHelp -match '--wait\s') { $waitFlags += '--wait' }
    if ($upHelp -match '--wait-timeout\s') { $waitFlags += @('--wait-timeout', "$HealthTimeoutSeconds") }

    Invoke-WithEnvironment @{ NIMBUS_JWT_SECRET = Get-FirstSet 'NIMBUS_JWT_SECRET' 'change-me-infrastructure-only' } {
        Invoke-Native "Starting $($InfraServices -join ', ')" {
            docker compose -f $ComposeFile @ComposeFlags up -d @waitFlags @InfraServices
        }
        Write-Step 'Checking that every service is healthy'
        Wait-ComposeHealthy $InfraServices $HealthTimeoutSeconds
        # A one-shot job: `up --wait` counts its clean exit as a failure, so it runs on its own.
        Invoke-Native "Ensuring the MinIO bucket ($BucketJob)" {
            docker compose -f $ComposeFile @ComposeFlags run --rm $BucketJob
        }
    }
}

function Hide-Password([string] $Url) { return $Url -replace '://([^:/@]+):[^@]*@', '://$1:***@' }

function Invoke-NimbusBuild {
    Assert-Prerequisites
    if (-not $SkipInfra) { Start-Infrastructure }

    Invoke-Native 'Installing dependencies (npm ci)' { npm ci --no-audit --no-fund @NpmFlags }

    # The compose defaults unless the environment names other services.
    $migrationEnvironment = @{
        NIMBUS_PROFILE       = 'external'
        DATABASE_URL         = Get-FirstSet 'DATABASE_URL' 'postgres://nimbus:nimbus@localhost:5432/nimbus'
        S3_ENDPOINT          = Get-FirstSet 'S3_ENDPOINT' 'http://localhost:9000'
        S3_ACCESS_KEY_ID     = Get-FirstSet @('S3_ACCESS_KEY_ID', 'MINIO_ROOT_USER') 'minioadmin'
        S3_SECRET_ACCESS_KEY = Get-FirstSet @('S3_SECRET_ACCESS_KEY', 'MINIO_ROOT_PASSWORD') 'minioadmin'
    }
    Invoke-WithEnvironment $migrationEnvironment {
        Invoke-Native "Applying migrations to $(Hide-Password $env:DATABASE_URL)" { npm run db:migrate @NpmFlags }
    }

    if ($Frontend) {
        Invoke-WithEnvironment @{ NG_CLI_ANALYTICS = 'false' } {
            Invoke-Native 'Building the web UI' { npm run build:ui @NpmFlags }
        }
    }

    Write-Step 'Done'
    if (-not $SkipInfra) {
        Write-Host '    PostgreSQL localhost:5432, MinIO API localhost:9000, MinIO console http://localhost:9001'
        Write-Host '    Temporal localhost:7233, Temporal UI http://localhost:8233'
    }
    Write-Host '    Next: README "Full stack" (the API and the worker on the external profile)'
}

# The CI settings apply to this run only, not to the calling session.
$savedRendering = if ($CI -and (Get-Variable -Name PSStyle -ErrorAction Ignore)) { $PSStyle.OutputRendering } else { $null }
try {
    Push-Location $Root
    if ($null -ne $savedRendering) { $PSStyle.OutputRendering = 'PlainText' }
    Invoke-WithEnvironment $CiEnvironment { Invoke-NimbusBuild }
    exit 0
}
catch {
    [Console]::Error.WriteLine("build.ps1: $($_.Exception.Message)")
    exit 1
}
finally {
    if ($null -ne $savedRendering) { $PSStyle.OutputRendering = $savedRendering }
    Pop-Location
}
