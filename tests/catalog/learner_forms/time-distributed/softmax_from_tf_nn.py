# expect: accepted
# activation=tf.nn.softmax is Keras's softmax (TensorFlow names the function softmax_v2).
import tensorflow as tf
from tensorflow.keras.layers import Dense, SimpleRNN, TimeDistributed
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))
model.add(TimeDistributed(Dense(4, activation=tf.nn.softmax)))
