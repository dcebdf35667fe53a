# expect: wrong_answer
# feedback: activation='log_softmax'
import tensorflow as tf

model = tf.keras.Sequential(
    [
        tf.keras.layers.SimpleRNN(4, input_shape=(3, 2), return_sequences=True),
        tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(4, activation=tf.nn.log_softmax)),
    ]
)
