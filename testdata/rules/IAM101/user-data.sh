#!/bin/bash
# IAM101 in a script: key material in an instance's user data.
SECRET=$(aws iam create-access-key --user-name app --query AccessKey.SecretAccessKey --output text)
aws ec2 run-instances --image-id ami-12345678 --user-data "export AWS_SECRET_ACCESS_KEY=$SECRET" # want "access key \"aws iam create-access-key app\" reaches the user data of \"aws ec2 run-instances\"; give the instance a role: --iam-instance-profile"

# Good: a role through an instance profile.
aws ec2 run-instances --image-id ami-12345678 --iam-instance-profile Name=app --user-data "yum install -y httpd"

# Bad: user data written with a here-document, given as file://.
cat > boot.sh <<BOOT
#!/bin/bash
echo "$SECRET" > /etc/app/aws-secret # want "access key \"aws iam create-access-key app\" reaches the user data of \"aws ec2 run-instances#3\""
BOOT
aws ec2 run-instances --image-id ami-12345678 --user-data file://boot.sh
