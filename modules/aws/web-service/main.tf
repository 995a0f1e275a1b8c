# A web service: a launch template, N instances from it spread over subnets, a security
# group open on the service port, and an Elastic IP per instance.

variable "name" {
  description = "Name prefix for every resource."
  type        = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  description = "Subnets to place instances in (round-robin)."
  type        = list(string)
}

variable "ami" {
  type = string
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "instance_count" {
  type    = number
  default = 2
}

variable "root_volume_gb" {
  type    = number
  default = 20
}

variable "port" {
  type    = number
  default = 80
}

variable "public_ip" {
  description = "Give each instance an Elastic IP."
  type        = bool
  default     = true
}

variable "user_data" {
  type    = string
  default = ""
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_security_group" "this" {
  name        = "${var.name}-web"
  description = "Web traffic for ${var.name}"
  vpc_id      = var.vpc_id

  ingress {
    description = "service port"
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = var.tags
}

resource "aws_launch_template" "this" {
  name_prefix   = "${var.name}-"
  image_id      = var.ami
  instance_type = var.instance_type
  user_data     = var.user_data == "" ? null : base64encode(var.user_data)

  vpc_security_group_ids = [aws_security_group.this.id]

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = var.root_volume_gb
      volume_type = "gp3"
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = var.name })
  }

  tags = var.tags
}

resource "aws_instance" "this" {
  count         = var.instance_count
  ami           = var.ami
  instance_type = var.instance_type
  subnet_id     = var.subnet_ids[count.index % length(var.subnet_ids)]
  # The template's user data, set here too: an instance reads its user data back, and
  # without it in the configuration every plan would replace the instance.
  user_data = var.user_data == "" ? null : var.user_data

  launch_template {
    id      = aws_launch_template.this.id
    version = "$Latest"
  }

  root_block_device {
    volume_size = var.root_volume_gb
    volume_type = "gp3"
  }

  tags = merge(var.tags, { Name = "${var.name}-${count.index}" })
}

resource "aws_eip" "this" {
  count    = var.public_ip ? var.instance_count : 0
  instance = aws_instance.this[count.index].id
  vpc      = true
  tags     = merge(var.tags, { Name = "${var.name}-${count.index}" })
}

output "instance_ids" {
  value = aws_instance.this[*].id
}

output "public_ips" {
  value = aws_eip.this[*].public_ip
}

output "security_group_id" {
  value = aws_security_group.this.id
}
