// Command service talks to S3 with a key where its task role would do.
package main

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(
		credentials.NewStaticCredentialsProvider("AKIA2OGYBAH6STMMNXNN", "jX9m4vVnQ+Lc3tR7sQ1pEwZ8yK2bH5dF0aG6uI3o", "")))
	if err != nil {
		log.Fatal(err)
	}
	_ = cfg
	fromEnv, err := config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(
		credentials.NewStaticCredentialsProvider(os.Getenv("APP_KEY_ID"), os.Getenv("APP_SECRET"), "")))
	if err != nil {
		log.Fatal(err)
	}
	_ = fromEnv
}
