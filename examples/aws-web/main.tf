# A small web stack priced offline: `terrace cost breakdown` (or `terrace plan` once the
# AWS provider is installed). Two environments' worth of knobs are in the variables.

variable "environment" {
  type    = string
  default = "prod"
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "ami" {
  description = "AMI of the web instances. The default is a placeholder that is enough for pricing; set an AMI of your region (-var ami=...) to apply."
  type        = string
  default     = "ami-0123456789abcdef0"
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      environment = var.environment
      cost_center = "web"
    }
  }
}

module "network" {
  source             = "../../modules/aws/vpc"
  name               = "shop-${var.environment}"
  availability_zones = ["${var.region}a", "${var.region}b"]
  single_nat_gateway = var.environment != "prod"
  tags               = { team = "platform" }
}

module "web" {
  source         = "../../modules/aws/web-service"
  name           = "shop-web-${var.environment}"
  vpc_id         = module.network.vpc_id
  subnet_ids     = module.network.public_subnet_ids
  ami            = var.ami
  instance_type  = var.environment == "prod" ? "m5.large" : "t3.small"
  instance_count = var.environment == "prod" ? 3 : 1
  tags           = { team = "storefront" }
}

module "assets" {
  source      = "../../modules/aws/static-site"
  bucket_name = "shop-assets-${var.environment}"
  tags        = { team = "storefront" }
}

resource "aws_db_instance" "orders" {
  identifier          = "orders-${var.environment}"
  engine              = "postgres"
  instance_class      = var.environment == "prod" ? "db.m5.large" : "db.t3.micro"
  allocated_storage   = 100
  multi_az            = var.environment == "prod"
  username            = "shop"
  password            = "change-me-in-a-secret-store"
  skip_final_snapshot = true
  tags                = { team = "orders" }
}

resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails-${var.environment}"
  role          = "arn:aws:iam::123456789012:role/thumbnails"
  handler       = "index.handler"
  runtime       = "nodejs18.x"
  memory_size   = 512
  filename      = "thumbnails.zip"
  tags          = { team = "storefront" }
}
