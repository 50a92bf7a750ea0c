# Reading vaultfile secrets in Terraform with the hashicorp/external data source.
# Run `terraform plan` inside the repository that holds the vault (or add "-C", "DIR"
# after "terraform" in the program list), with your identity available as usual
# (VAULTFILE_KEY in CI). Terraform keeps the results in its state: protect the state.

terraform {
  required_providers {
    external = {
      source  = "hashicorp/external"
      version = "~> 2.3"
    }
  }
}

data "external" "secrets" {
  program = ["vaultfile", "terraform"]

  # Result name = secret path. Every value comes back as a string.
  query = {
    db_password = "prod/db/password"
    stripe_key  = "prod/api/stripe-key"
  }
}

output "db_password_length" {
  value = length(data.external.secrets.result.db_password)
}

# resource "aws_db_instance" "main" {
#   password = data.external.secrets.result.db_password
# }
