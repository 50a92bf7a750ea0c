# Reading a secret from PowerShell through the vaultfile CLI.
#
#   ./Read-Secret.ps1 prod/db/password    prints the value, as `vaultfile get` does
param([Parameter(Mandatory)][string]$Path)

function Get-VaultfileSecret {
    param([Parameter(Mandatory)][string]$Path)
    # --json: binary values come base64-encoded, and errors as JSON on standard error.
    $output = & vaultfile get $Path --json 2>&1
    if ($LASTEXITCODE -ne 0) {
        $failure = ($output -join "`n" | ConvertFrom-Json).error
        throw "vaultfile: $($failure.message) ($($failure.code)); $($failure.hint)"
    }
    $secret = $output -join "`n" | ConvertFrom-Json
    if ($secret.encoding -eq 'base64') { return [Convert]::FromBase64String($secret.value) }
    return $secret.value
}

# As a SecureString for cmdlets that take one (New-PSCredential, Connect-…):
#   $secure = ConvertTo-SecureString (Get-VaultfileSecret prod/db/password) -AsPlainText -Force
Write-Output (Get-VaultfileSecret $Path)
